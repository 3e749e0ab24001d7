package bindings

import (
	"context"
	"fmt"
	"io"
	"testing"
)

// benchNodeAndScript runs body (Lua statements on the locals a, b, i and
// s) b.N times in a node program, with meshlua's libraries and `..`, and in
// a script, with gopher-lua's, as the sub-benchmarks name/node and
// name/script.
func benchNodeAndScript(b *testing.B, name, body string) {
	work := fmt.Sprintf(`function work(n)
  local a, b, s = "02:00:00:00:00:01", "key=value, the quick brown fox 42; "
  for i = 1, n do %s end
  return s
end`, body)
	for _, where := range []struct{ name, setup string }{
		{"script", "loadstring(work)() run = _G.work"},
		{"node", `local n = mesh.node("n", {budget = "1h", program = work}) run = function(k) return n:call("work", k) end`},
	} {
		b.Run(name+"/"+where.name, func(b *testing.B) {
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

// BenchmarkConcat measures a concatenation in a node program, where `..`
// calls nodeConcat, against gopher-lua's own: a pair of strings, and a
// chain of six strings and numbers as an on_frame handler might build a
// log line.
func BenchmarkConcat(b *testing.B) {
	benchNodeAndScript(b, "pair", `s = a .. b`)
	benchNodeAndScript(b, "chain", `s = "src=" .. a .. " dst=" .. b .. " len=" .. i`)
}

// BenchmarkPatterns measures the pattern functions of node VMs against
// gopher-lua's, on a short line and on a 1 KB payload.
func BenchmarkPatterns(b *testing.B) {
	benchNodeAndScript(b, "match", `s = ("speed=100"):match("^(%w+)=(%d+)$")`)
	benchNodeAndScript(b, "find", `s = a:find(":0a", 1, true) or a:find("%x%x$")`)
	benchNodeAndScript(b, "gsub1K", `s = b:rep(29):gsub("(%w+)=(%w+)", "%2=%1")`)
	benchNodeAndScript(b, "gmatch1K", `for w in b:rep(29):gmatch("%a+") do s = w end`)
}
