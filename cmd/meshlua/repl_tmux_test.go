package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// terminal is a meshlua REPL running in a tmux pane of a tmux server of
// the test's own.
type terminal struct {
	t      *testing.T
	tmux   string
	socket string
}

func startTerminal(t *testing.T, bin string, env []string, args ...string) *terminal {
	t.Helper()
	tm := &terminal{t: t, tmux: needTool(t, "tmux"), socket: fmt.Sprintf("meshlua-test-%d", os.Getpid())}
	cmd := append([]string{"env"}, env...)
	cmd = append(cmd, bin)
	cmd = append(cmd, args...)
	tm.run(append([]string{"new-session", "-d", "-x", "160", "-y", "50", "-s", "repl"}, cmd...)...)
	t.Cleanup(func() { exec.Command(tm.tmux, "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *terminal) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command(tm.tmux, append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys types keys (tmux key names: "Enter", "Tab", "C-c", "C-d", or text).
func (tm *terminal) keys(keys ...string) {
	tm.run(append([]string{"send-keys", "-t", "repl"}, keys...)...)
}

// line types text and Enter.
func (tm *terminal) line(text string) { tm.keys("-l", text); tm.keys("Enter") }

func (tm *terminal) screen() string { return tm.run("capture-pane", "-p", "-t", "repl", "-S", "-200") }

var blanks = regexp.MustCompile(`[ \t]+`)

// wait waits until the screen shows want; runs of blanks (a tab shows as
// spaces) compare as one space. It returns the screen so compared.
func (tm *terminal) wait(want string) string {
	tm.t.Helper()
	want = blanks.ReplaceAllString(want, " ")
	return blanks.ReplaceAllString(tm.await(fmt.Sprintf("%q", want), func(screen string) bool {
		return strings.Contains(blanks.ReplaceAllString(screen, " "), want)
	}), " ")
}

// await waits until done says the screen is as wanted (what, for the
// failure), and returns the screen. tmux has nothing to wait on but its
// screen, so the screen is read every 50 ms, for up to two minutes: long
// runs on a loaded machine.
func (tm *terminal) await(what string, done func(screen string) bool) string {
	tm.t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		screen := tm.screen()
		if done(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %s:\n%s", what, screen)
		}
	}
}

func TestREPLInATerminal(t *testing.T) {
	bin := buildMeshlua(t)
	config := t.TempDir()
	script := writeScript(t, "net.lua", `
lan = mesh.link("lan", {delay = "1ms"})
backup = mesh.link("backup", {delay = "50ms"})
alice = mesh.node("alice", {program = "node.every(1, function() node.broadcast('hello') end)", links = {lan}})
bob = mesh.node("bob", {links = {lan}, program = [[
  local via = {0, 0}
  function on_frame(f) via[f.port] = via[f.port] + 1 end
  function ports() return "via 1: " .. via[1], "via 2: " .. via[2] end]]})
`)
	tm := startTerminal(t, bin, []string{"HOME=" + config, "XDG_CONFIG_HOME=" + config}, "-i", script)
	tm.wait("help() lists what there is") // the welcome line
	tm.wait("mesh 0.000000s>")

	// TAB twice with several candidates lists them; =expr prints a value.
	tm.keys("-l", "mesh.li")
	tm.keys("Tab")
	tm.keys("Tab")
	tm.wait("mesh.link  mesh.links")
	tm.keys("C-u")
	tm.line("=6 * 8")
	tm.wait("\n48\n")

	// A multi-line function, continued on ">>".
	tm.line("function twice(x)")
	tm.wait(">>")
	tm.line("return 2 * x end")
	tm.line("twice(21)")
	tm.wait("\n42\n")

	// TAB completes a method of a node object.
	tm.keys("-l", "bob:st")
	tm.keys("Tab")
	tm.wait("bob:stats")
	tm.keys("C-u")
	tm.line("x = bob:stats().received")

	// Ctrl-C stops a long run; the network stays and the REPL goes on.
	tm.line(`mesh.run("1000h")`)
	time.Sleep(300 * time.Millisecond)
	tm.keys("C-c")
	tm.wait("interrupted")
	tm.line("#mesh.nodes(), mesh.now() < 3600000")
	tm.wait("2\ttrue")

	// Rewire: move bob from lan to backup (with alice) and see the path change.
	tm.line("mesh.disconnect(bob, lan); mesh.connect(bob, backup); mesh.connect(alice, backup)")
	tm.line("bob:ports()[1].link, #alice:ports()")
	tm.wait(`"backup"` + "\t2")
	tm.line(`mesh.run("3s")`)
	tm.line(`bob:call("ports")`)
	s := tm.wait(`"via 2: 2"`) // alice's broadcasts now reach bob's new port, 50ms later
	if strings.Contains(s, `"via 1: 0"`) {
		t.Errorf("before the rewire bob should have got frames on port 1:\n%s", s)
	}

	// Ctrl-D leaves; the history is saved with mode 0600.
	tm.keys("C-d")
	history := filepath.Join(config, "meshlua", "history")
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The file may exist before meshlua has finished writing it.
		info, err := os.Stat(history)
		b, _ := os.ReadFile(history)
		if err == nil && strings.Contains(string(b), "twice(21)") {
			if info.Mode().Perm() != 0o600 {
				t.Errorf("history mode %v, want 0600", info.Mode().Perm())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no history with the session's lines at %s after Ctrl-D (%q):\n%s", history, b, tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestREPLInRealTimeKeepsTheLineClean(t *testing.T) {
	bin := buildMeshlua(t)
	config := t.TempDir()
	tm := startTerminal(t, bin, []string{"HOME=" + config, "XDG_CONFIG_HOME=" + config})
	tm.wait("mesh 0.000000s>")
	tm.line(`l = mesh.link("l"); mesh.realtime(true)`)
	tm.line(`a = mesh.node("a", {links = {l}, program = "node.every(0.1, function() node.broadcast('tick') end)"})`)
	tm.line(`b = mesh.node("b", {links = {l}, program = "function on_frame(f) print(f.payload) end"})`)
	tm.keys("-l", "half typed")
	time.Sleep(600 * time.Millisecond) // the network runs while the user types
	s := tm.screen()
	if !strings.HasSuffix(strings.TrimRight(s, "\n "), "> half typed") || strings.Contains(s, "b: tick") {
		t.Fatalf("node output appeared while a line was being edited:\n%s", s)
	}
	tm.keys("C-u")
	tm.keys("Enter")
	s = tm.wait("b: tick")
	if n := strings.Count(s, "b: tick"); n < 4 {
		t.Errorf("after 0.6s at 10 ticks a second, only %d ticks were shown:\n%s", n, s)
	}
	tm.keys("C-d")
}

// TestREPLShowsPingallAndIperf types pingall() and iperf(a, b) at the
// prompt: the terminal shows Mininet's reachability list and results
// line, iperf3's interval lines and summary, and the one-line value each
// returns; and the same lines a script printing them gets (the run is
// seeded, in virtual time).
func TestREPLShowsPingallAndIperf(t *testing.T) {
	bin := buildMeshlua(t)
	config := t.TempDir()
	script := writeScript(t, "line.lua", `mesh.seed(1)
mesh.topo.line(3, {program = "bridge", link = {delay = "5ms", rate = "10Mbit", queue = 20}})
`)
	status, want, stderr := meshlua(t, "-e", `dofile("`+script+`") pingall() iperf("n1", "n3", 3)`)
	if status != 0 {
		t.Fatalf("the script: status %d, %s", status, stderr)
	}
	tm := startTerminal(t, bin, []string{"HOME=" + config, "XDG_CONFIG_HOME=" + config}, "-i", script)
	tm.wait("mesh 0.000000s>")

	tm.line("pingall()")
	s := tm.wait("pingall: 0% dropped (6/6 received)")
	for _, line := range []string{"*** Ping: testing reachability", "n1 -> n2 n3", "n2 -> n1 n3", "n3 -> n1 n2", "*** Results: 0% dropped (6/6 received)"} {
		if !strings.Contains(s, line+"\n") {
			t.Errorf("pingall did not show %q:\n%s", line, s)
		}
	}

	tm.line(`r = iperf("n1", "n3", 3)`)
	s = tm.wait("(n1 -> n3)\n")
	for _, line := range strings.Split(strings.TrimSpace(want), "\n") {
		if line = blanks.ReplaceAllString(line, " "); !strings.Contains(s, line) {
			t.Errorf("the REPL did not show the script's line %q:\n%s", line, s)
		}
	}
	intervals := regexp.MustCompile(`(?m)^ \d\.00-\d\.00 sec \d\.\d\d MBytes 9\.\d\d Mbits/sec \d+ \d+(\.\d)? KBytes$`)
	if n := len(intervals.FindAllString(s, -1)); n != 3 {
		t.Errorf("iperf showed %d interval lines of about 9.7 Mbits/sec, want 3:\n%s", n, s)
	}
	if !regexp.MustCompile(`(?m)^ 0\.00-3\.00 sec 3\.\d\d MBytes 9\.\d\d Mbits/sec \d+ rtt \d+\.\d{3}ms \(n1 -> n3\)$`).MatchString(s) {
		t.Errorf("no iperf summary line:\n%s", s)
	}
	tm.line(`r.bits_per_second > 9e6, r.bytes * 8 / 3 == r.bits_per_second, r.rtt > 0.02`)
	tm.wait("true true true")

	tm.line(`iperf("n3", "n1", {duration = 1, interval = 0})`)
	tm.wait("iperf n3 -> n1: 9.")
	tm.keys("C-d")
}
