package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestALongRunShowsAProgressLineOnATerminal runs, in a tmux terminal, a
// long virtual-time run whose node prints as it goes: the terminal shows
// the progress line while it runs, never mixed into the node's lines, and
// not after the run; with standard error not a terminal there is none. A
// run in real time shows one too.
func TestALongRunShowsAProgressLineOnATerminal(t *testing.T) {
	bin := buildMeshlua(t)
	dir := t.TempDir()
	script := writeScript(t, "long.lua", `
local l = mesh.link("l", {loss = 0.1})
mesh.node("a", {links = {l}, program = "node.every(0.001, function() node.broadcast('x') end)"})
mesh.node("b", {links = {l}, program = [[
local n = 0
function on_frame() n = n + 1 if n % 1000 == 0 then print(("frame %d "):format(n) .. ("-"):rep(60)) end end]]})
if arg[1] == "realtime" then
  mesh.realtime(true)
  mesh.run(3)
else
  mesh.run(3000)
end
print("done")`)
	stderr := filepath.Join(dir, "stderr")
	tm := startTerminal(t, "sh", nil, "-c", `"$0" "$1"; "$0" "$1" 2>"$2" >/dev/null; "$0" "$1" realtime; echo finished; sleep 600`, bin, script, stderr)
	progressLine := regexp.MustCompile(`(?m)^mesh\.run [\d.]+ s of 3000\.0 s \| \d+% \| wall [\d.]+ s \| \d+ frames/s \| \d+ dropped \| [\d.]+ s left$`)
	tm.await("a progress line", func(screen string) bool {
		if strings.Contains(screen, "done") {
			t.Fatalf("the run ended without a progress line:\n%s", screen)
		}
		return progressLine.MatchString(screen)
	})
	realtime := regexp.MustCompile(`(?m)^mesh\.run [\d.]+ s of 3\.0 s \| \d+% \| wall [\d.]+ s \| \d+ frames/s \| \d+ dropped \| [\d.]+ s left$`)
	tm.await("the real-time run's progress line", func(screen string) bool {
		if strings.Contains(screen, "finished") {
			t.Fatalf("the real-time run ended without a progress line:\n%s", screen)
		}
		return realtime.MatchString(screen)
	})
	screen := tm.await("the end of the runs", func(screen string) bool { return strings.Contains(screen, "finished") })
	nodeLine := regexp.MustCompile(`^\[\d+\.\d{6}\] b: frame \d+ -{60}$`)
	lines := 0
	for _, l := range strings.Split(screen, "\n") {
		switch {
		case nodeLine.MatchString(l):
			lines++
		case strings.Contains(l, "mesh.run") || strings.Contains(l, "frame"):
			t.Errorf("a line on the screen is garbled, or the progress line stayed: %q", l)
		}
	}
	if lines < 100 {
		t.Errorf("the screen shows %d whole lines of the node, want the last ones", lines)
	}
	if b, err := os.ReadFile(stderr); err != nil || len(b) != 0 {
		t.Errorf("with standard error in a file it holds %q (%v), want nothing", b, err)
	}
}
