package bindings

import (
	"strings"
	"testing"
)

func TestAtFiresAtItsTimeBetweenEvents(t *testing.T) {
	// At 1 s, a has sent its 10th frame (at 1 s too, whether scheduled
	// before or after the function) and b has 9 (the 10th comes at 1.01 s).
	out := mustRun(t, counting+`
mesh.at(1, function() print("at", mesh.now(), mesh.stats().sent, b:call("count")) end)
mesh.at(1, function() print("and then", mesh.now()) end)
local cancelled = mesh.at(1, function() print("cancelled") end)
cancelled:cancel()
print(pcall(mesh.at, -1, print))
print("ran to", mesh.run(2), b:call("count"))
print(pcall(mesh.at, 1.5, print))`)
	want := "false\ttest.lua:10: bad argument #1 to (anonymous) (a duration must be a number of seconds >= 0 (got -1))\n" +
		"at\t1\t10\t9\n" + "and then\t1\n" + "ran to\t2\t19\n" +
		"false\ttest.lua:12: bad argument #1 to (anonymous) (the time 1.500000s has passed: the network is at 2.000000s)\n"
	if out != want {
		t.Errorf("printed\n%s\nwant\n%s", out, want)
	}
}

func TestEveryFiresAtEachPeriodUntilCancelled(t *testing.T) {
	out := mustRun(t, `
mesh.run(0.05)
local times = {}
local e
e = mesh.every(0.1, function()
  times[#times + 1] = mesh.now()
  if #times == 30 then e:cancel() end
end)
mesh.run(10)
local exact = 0
for k, t in ipairs(times) do
  if t == 0.05 + k / 10 or math.abs(t - (0.05 + k / 10)) < 1e-12 then exact = exact + 1 end
end
print(#times, exact, times[1], times[3])`)
	if out != "30\t30\t0.15\t0.35\n" {
		t.Errorf("got %q: want 30 runs, every 0.1 s from 0.15 s", out)
	}
}

func TestRunStopsAtTheFirstCheckAfterTheCondition(t *testing.T) {
	// b counts a frame at 0.11 s, 0.21 s, ...: 5 at 0.51 s, so the check
	// at 0.5 s sees 4 and the one at 0.6 s stops the run.
	out := mustRun(t, counting+`
local seen = {}
local t = mesh.run(10, {check = 0.1, stop = function()
  seen[#seen + 1] = b:call("count")
  return b:call("count") >= 5
end})
print(t, mesh.now(), #seen, seen[#seen - 1], seen[#seen])
print(mesh.run(1, {check = 0.3, stop = function() return false end}))
print(mesh.run(0.05, {check = 0.1, stop = function() return true end}))
print(pcall(mesh.run, 1, {check = 0.1}))
print(pcall(mesh.run, 1, {stop = print}))
print(pcall(mesh.run, 1, {check = 0, stop = print}))
print(pcall(mesh.run, 1, {chek = 1}))`)
	want := "0.6\t0.6\t6\t4\t5\n" + "1.6\n" + "1.65\n" +
		"false\ttest.lua:14: mesh.run: option stop: give the function to call every check\n" +
		"false\ttest.lua:15: mesh.run: option check: give how often to call stop: a period above zero\n" +
		"false\ttest.lua:16: mesh.run: option check: want a period above zero\n" +
		`false	test.lua:17: mesh.run: unknown option "chek" (did you mean "check"?) (options: check, stop)` + "\n"
	if out != want {
		t.Errorf("printed\n%s\nwant\n%s", out, want)
	}
}

func TestCallbackErrorsEndTheRunWithTheirTraceback(t *testing.T) {
	_, out, err := runWith(t, nil, `
local function inner() error("boom") end
mesh.at(0.5, function() inner() end)
print(pcall(mesh.run, 10))
print(mesh.now())
mesh.every(1, function() return mesh.run(1) end)
mesh.run(3)`)
	if out != "false\ttest.lua:2: boom\n0.5\n" {
		t.Errorf("printed %q: want the error of the function at 0.5 s, and the run stopped there", out)
	}
	se, ok := err.(*ScriptError)
	if !ok {
		t.Fatalf("error %v, want a script error", err)
	}
	if want := "test.lua:6: mesh.run: not inside a function that mesh.at, mesh.every"; !strings.HasPrefix(se.Msg, want) {
		t.Errorf("error %q, want %q", se.Msg, want)
	}
	for _, line := range []string{"test.lua:6: in function <test.lua:6>", "test.lua:7: in main chunk"} {
		if !strings.Contains(se.Trace, line) {
			t.Errorf("the traceback lacks %q:\n%s", line, se.Trace)
		}
	}
}

func TestStopErrorsEndTheRun(t *testing.T) {
	_, err := runLua(t, "", `mesh.run(1, {check = 0.1, stop = function() return nil + 1 end})`)
	if err == nil || !strings.Contains(err.Error(), "test.lua:1: cannot perform add operation") {
		t.Errorf("error %v", err)
	}
}

func TestCallbacksRunInRealTime(t *testing.T) {
	out := mustRun(t, `
mesh.realtime(true)
local start = mesh.now()
local at, every = nil, 0
mesh.at(start + 0.05, function() at = mesh.now() end)
mesh.every(0.01, function() every = every + 1 end)
local t = mesh.run(10, {check = 0.01, stop = function() return at ~= nil and every >= 3 end})
print(at >= start + 0.05, t < start + 10, every >= 3)
mesh.at(mesh.now() + 0.02, function() error("late") end)
local ok, err = pcall(mesh.run, 10)
print(ok, err, mesh.now() < start + 10, (pcall(mesh.run, 0.01)))
mesh.realtime(false)`)
	want := "true\ttrue\ttrue\n" + "false\ttest.lua:9: late\ttrue\ttrue\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
