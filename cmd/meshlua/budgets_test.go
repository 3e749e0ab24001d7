package main

import (
	"strings"
	"testing"
)

// spinner stops on its first call, after its CPU budget.
const spinner = `program = "function on_start() while true do end end"`

// holder holds about 3.6 MiB once its program has run.
const holder = `program = "t = {} for i = 1, 3 * 2^14 do t[i] = string.rep('x', 40) .. i end"`

func TestBudgetOptionsSetEveryNodesDefault(t *testing.T) {
	path := writeScript(t, "spin.lua", `
mesh.node("spin", {`+spinner+`})
mesh.node("patient", {budget = "300ms", `+spinner+`})
mesh.run(1)
`)
	status, out, stderr := meshlua(t, "--budget", "50ms", path)
	if status != 0 || !strings.Contains(out, "spin: stopped: exceeded its CPU budget of 50ms in one call") ||
		!strings.Contains(out, "patient: stopped: exceeded its CPU budget of 300ms in one call") {
		t.Errorf("--budget 50ms: status %d, stderr %q, out:\n%s", status, stderr, out)
	}

	path = writeScript(t, "hold.lua", `
mesh.node("hold", {`+holder+`})
mesh.node("roomy", {memory = "8MiB", `+holder+`})
mesh.run(1)
print(mesh.get("hold"):stats().stopped, mesh.get("roomy"):stats().stopped)
`)
	status, out, stderr = meshlua(t, "--memory", "1MiB", path)
	if status != 0 || !strings.Contains(out, "hold: stopped: exceeded its memory budget of 1 MiB") || !strings.HasSuffix(out, "true\tfalse\n") {
		t.Errorf("--memory 1MiB: status %d, stderr %q, out:\n%s", status, stderr, out)
	}
	if status, out, stderr = meshlua(t, path); status != 0 || out != "false\tfalse\n" {
		t.Errorf("without --memory: status %d, stderr %q, out:\n%s", status, stderr, out)
	}
}
