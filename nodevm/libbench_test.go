package nodevm

import (
	"fmt"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
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
	b.Run(name+"/script", func(b *testing.B) {
		L := lua.NewState()
		defer L.Close()
		if err := L.DoString(work); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		if err := L.CallByParam(lua.P{Fn: L.GetGlobal("work"), NRet: 1, Protect: true}, lua.LNumber(b.N)); err != nil {
			b.Fatal(err)
		}
	})
	b.Run(name+"/node", func(b *testing.B) {
		tn := newTestNet(b)
		n := tn.node("n", work, nodeOptions{budget: time.Hour})
		b.ResetTimer()
		tn.mustCall(n, "work", lua.LNumber(b.N))
	})
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
