package main

import (
	"bytes"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bomb is a node program that tries to take the run down, and the words
// the log must give as the reason it was stopped.
type bomb struct {
	name, program, reason string
	// budget, if set, is the node's CPU budget: a bomb that must be
	// stopped for its memory gets room enough that its CPU, which a
	// loaded machine and the collector's assists inflate, never runs out
	// first.
	budget string
}

// bombs are what careless or hostile node programs do. Each runs in a node
// called after it, beside an honest pair.
var bombs = []bomb{
	{"spin", `function on_start() while true do end end`, "exceeded its CPU budget", ""},
	{"spin_in_coroutines", `function on_start()
  coroutine.wrap(function() coroutine.wrap(function() while true do end end)() end)()
end`, "exceeded its CPU budget", ""},
	{"nested_coroutines", `local function f() return coroutine.wrap(f)() end
function on_start() f() end`, "coroutines nested more than 200 deep", ""},
	{"leak", `local kept = {}
node.every("1ms", function() kept[#kept + 1] = string.rep("x", 1048576) end)`, "exceeded its memory budget", ""},
	{"table_in_one_call", `function on_start() local t = {} for i = 1, 1e9 do t[i] = {i} end end`, "exceeded its memory budget", ""},
	{"collapse", `local function again() node.after(0, again) end again()`, "timer events in one second", ""},
	{"every_ns", `node.every("1ns", function() end)`, "below the floor of 1µs", ""},
	{"pattern", `function on_start() string.find(string.rep("a", 1e5), ".-.-.-b") end`, "exceeded its CPU budget", ""},
	{"gsub_payload", `function on_start() local s = string.rep("ab", 1e5) s:gsub("(a*)*b", "%1%1") s:gsub(".-.-.-c", "") end`, "exceeded its CPU budget", ""},
	{"concat_huge", `function on_start()
  local s, t = string.rep("x", 16 * 1048576), {}
  for i = 1, 400 do t[i] = s end
  local all = table.concat(t)
end`, "table.concat: a result of 6710886400 bytes exceeds", ""},
	{"concat_op", `function on_start() local s = string.rep("x", 1048576) while true do s = s .. s end end`, "exceeds the node's string limit", ""},
	{"unpack", `function on_start() return unpack({}, 1, 1e8) end`, "too many results to unpack", ""},
	{"format", `function on_start() return string.format("%099999999d", 1) end`, "string.format", ""},
	{"sparse_table", `function on_start() local t = {} for i = 1, 100 do t[i * 6e7] = i end local k = {} while true do k[#k + 1] = {} end end`, "exceeded its memory budget", "10s"},
	{"flood_long_link", `node.every("10us", function() node.send{port = 1, payload = "x"} end)`, "", ""},
}

// bombScript builds the honest pair (a broadcasts 200 frames to b over
// their own link) and the given bombs, the flood ones on a link with a
// delay of a minute, and runs two seconds.
func bombScript(bs []bomb) string {
	var b strings.Builder
	b.WriteString(`
local lan = mesh.link("lan", {delay = "1ms"})
local long = mesh.link("long", {delay = "60s"})
mesh.node("a", {program = "node.every(0.01, function() node.broadcast('x') end)", links = {lan}})
local b = mesh.node("b", {program = "counter", links = {lan}})
`)
	for _, bm := range bs {
		budget := ""
		if bm.budget != "" {
			budget = ", budget = \"" + bm.budget + "\""
		}
		b.WriteString("mesh.node(\"" + bm.name + "\", {links = {long}" + budget + ", program = [==[" + bm.program + "]==]})\n")
	}
	b.WriteString(`mesh.run(2.005)
print("honest", b:call("count"))
print("flight_limit", mesh.stats().drops.flight_limit or 0)
`)
	return b.String()
}

// TestBombsStopAloneAndTogether runs each bomb beside an honest pair, then
// all of them at once: every bomb's node is stopped with its reason, the
// honest pair gets every frame, the run ends within seconds and its peak
// memory stays under 1 GiB.
func TestBombsStopAloneAndTogether(t *testing.T) {
	bin := buildMeshlua(t)
	check := func(t *testing.T, bs []bomb) {
		script := writeScript(t, "bombs.lua", bombScript(bs))
		cmd := exec.Command(bin, script)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		began := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the run failed: %v\n%s\n%s", err, out.String(), errOut.String())
			}
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			<-done
			t.Fatalf("the run hung:\n%s", out.String())
		}
		took := time.Since(began)
		log := out.String()
		if !strings.Contains(log, "honest\t200\n") {
			t.Errorf("the honest pair lost frames:\n%s", log)
		}
		for _, bm := range bs {
			if bm.reason == "" {
				if strings.Contains(log, "flight_limit\t0\n") {
					t.Errorf("%s: nothing was dropped for the in-flight budget:\n%s", bm.name, log)
				}
				continue
			}
			if !strings.Contains(log, bm.name+": stopped: ") || !strings.Contains(log, bm.reason) {
				t.Errorf("%s: not stopped for %q:\n%s", bm.name, bm.reason, log)
			}
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
		t.Logf("%d bombs: %v, peak RSS %d MiB", len(bs), took.Round(time.Millisecond), rss>>20)
		if rss > 1<<30 {
			t.Errorf("peak RSS %d MiB, over 1 GiB", rss>>20)
		}
	}
	for _, bm := range bombs {
		t.Run(bm.name, func(t *testing.T) { check(t, []bomb{bm}) })
	}
	t.Run("all", func(t *testing.T) { check(t, bombs) })
}
