package main

import (
	"bytes"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// heavyScript is a seeded network whose node "work" does real work in its
// calls (a loop of arg[1] steps, once a second, with a CPU budget of
// arg[2]), beside a flood over a random network.
const heavyScript = `
mesh.seed(42)
local nodes = mesh.topo.random(40, 0.1, {program = "flood", link = {delay = "2ms", loss = 0.1}})
local work = mesh.node("work", {budget = arg[2], args = {n = tonumber(arg[1])}, program = [[
local done = 0
node.every(1, function()
  local x = 0
  for i = 1, node.args.n do x = x + i end
  done = done + 1
end)
function count() return done end]]})
for i = 1, 5 do nodes[i]:call("send", "message " .. i) end
mesh.run(10)
print("work done", work:call("count"), work:stats().stopped)
local s = mesh.stats()
print("sent", s.sent, "delivered", s.delivered, "dropped", s.dropped)
`

// A seeded run prints the same bytes alone and beside CPU hogs on the same
// core: budgets count CPU time, so the hogs, which make every call take
// four times as long in wall time (more than the budget), stop nothing.
func TestSeededRunIsTheSameBesideCPUHogs(t *testing.T) {
	taskset := needTool(t, "taskset")
	bin := buildMeshlua(t)
	script := writeScript(t, "heavy.lua", heavyScript)
	steps, budget := 0, "10s"
	run := func() (string, time.Duration) {
		cmd := exec.Command(taskset, "-c", "0", bin, script, strconv.Itoa(steps), budget)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("%d steps a call: %v\n%s\n%s", steps, err, out.String(), errOut.String())
		}
		return out.String(), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	// Size the work so that each call uses about 40 ms of CPU (the budget
	// is 150 ms), from the CPU time of ten calls of 2,000,000 steps beside
	// none.
	_, idle := run()
	steps = 2_000_000
	_, busy := run()
	perStep := (busy - idle).Seconds() / 2e7
	if perStep <= 0 {
		t.Fatalf("could not measure the loop: %v with it, %v without", busy, idle)
	}
	steps, budget = int(0.04/perStep), "150ms"
	alone, _ := run()
	if !bytes.Contains([]byte(alone), []byte("work done\t10\tfalse")) {
		t.Fatalf("the working node should finish its ten calls:\n%s", alone)
	}
	var pids []string
	for range 3 {
		hog := exec.Command(taskset, "-c", "0", "sh", "-c", "while :; do :; done")
		if err := hog.Start(); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, strconv.Itoa(hog.Process.Pid))
		defer func() {
			hog.Process.Kill()
			hog.Wait()
		}()
	}
	for i := range 2 {
		if beside, _ := run(); beside != alone {
			t.Fatalf("run %d beside CPU hogs (pids %v) printed\n%s\nalone it printed\n%s", i+1, pids, beside, alone)
		}
	}
}
