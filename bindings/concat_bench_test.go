package bindings

import (
	"context"
	"fmt"
	"io"
	"testing"
)

// BenchmarkConcat measures a concatenation in a node program, where `..`
// calls nodeConcat, against gopher-lua's own in a script: a pair of
// strings, and a chain of six strings and numbers as an on_frame handler
// might build a log line.
func BenchmarkConcat(b *testing.B) {
	for _, c := range []struct{ name, expr string }{
		{"pair", `a .. b`},
		{"chain", `"src=" .. a .. " dst=" .. b .. " len=" .. i`},
	} {
		work := fmt.Sprintf(`function work(n)
  local a, b, s = "02:00:00:00:00:01", "02:00:00:00:00:02"
  for i = 1, n do s = %s end
  return s
end`, c.expr)
		for _, where := range []struct{ name, setup string }{
			{"script", "loadstring(work)() run = _G.work"},
			{"node", `local n = mesh.node("n", {budget = "1h", program = work}) run = function(k) return n:call("work", k) end`},
		} {
			b.Run(c.name+"/"+where.name, func(b *testing.B) {
				h := NewHost(io.Discard, b.TempDir())
				defer h.Close()
				L, err := h.ScriptState(context.Background(), nil)
				if err != nil {
					b.Fatal(err)
				}
				defer L.Close()
				if err := h.RunChunk(L, "setup.lua", "local work = "+luaQuote(work)+"\n"+where.setup); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				if err := h.RunChunk(L, "run.lua", fmt.Sprintf("run(%d)", b.N)); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}
