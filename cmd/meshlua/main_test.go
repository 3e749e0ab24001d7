package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/nettest"
)

// meshlua runs the command in-process and returns its exit status, stdout
// and stderr.
func meshlua(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	status := run(args, &out, &errOut)
	return status, out.String(), errOut.String()
}

func writeScript(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExitStatuses(t *testing.T) {
	syntax := writeScript(t, "syntax.lua", "mesh.seed(1)\nlocal x = = 2\n")
	runtimeErr := writeScript(t, "boom.lua", "mesh.seed(1)\n\nerror('boom')\n")
	badKey := writeScript(t, "key.lua", "mesh.link('x', {dealy = 1})\n")
	for _, c := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{syntax}, 2, syntax + ":2: syntax error near '='"},
		{[]string{runtimeErr}, 1, "meshlua: " + runtimeErr + ":3: boom"},
		{[]string{badKey}, 1, `key.lua:1: mesh.link: unknown option "dealy" (did you mean "delay"?)`},
		{[]string{"/nonexistent/x.lua"}, 2, "cannot open /nonexistent/x.lua"},
		{[]string{"-e", "x = = 1"}, 2, "-e#1:1: syntax error"},
		{[]string{"-e", "print(1 + nil)"}, 1, "-e#1:1: cannot perform add operation"},
	} {
		status, _, stderr := meshlua(t, c.args...)
		if status != c.status || !strings.Contains(stderr, c.stderr) {
			t.Errorf("meshlua %v: status %d, stderr %q; want %d and %q", c.args, status, stderr, c.status, c.stderr)
		}
	}
}

func TestArgsAndChunks(t *testing.T) {
	path := writeScript(t, "args.lua", "print(x, #arg, arg[1], arg[2])\n")
	status, out, stderr := meshlua(t, "-e", "x = 'from -e'", path, "one", "two")
	if status != 0 || out != "from -e\t2\tone\ttwo\n" {
		t.Errorf("status %d, out %q, stderr %q", status, out, stderr)
	}
}

func TestSeedFlagOverridesTheScript(t *testing.T) {
	path := writeScript(t, "seed.lua", `
mesh.seed(42)
local l = mesh.link("l", {loss = 0.5})
mesh.node("a", {program = "node.every(0.01, function() node.broadcast(tostring(math.random(100))) end)", links = {l}})
mesh.node("b", {program = "counter", links = {l}})
mesh.run(1)
print(math.random(1000000), mesh.get("b"):call("count"), mesh.get("a"):ports()[1].mac)
`)
	_, plain, _ := meshlua(t, path)
	_, as42, _ := meshlua(t, "--seed", "42", path)
	_, as7, _ := meshlua(t, "--seed", "7", path)
	_, as7again, _ := meshlua(t, "--seed", "7", path)
	if plain != as42 {
		t.Errorf("--seed 42 should equal the script's own mesh.seed(42): %q vs %q", plain, as42)
	}
	if as7 == as42 || as7 != as7again {
		t.Errorf("--seed 7 should change the run and repeat: %q, %q, %q", as42, as7, as7again)
	}
}

func TestQuickstartIsEmbedded(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	os.Chdir(dir) // no scripts/ here: the embedded copy must run
	defer os.Chdir(wd)
	status, out, stderr := meshlua(t, "quickstart")
	if status != 0 || !strings.Contains(out, "alice sends message 1") || !strings.Contains(out, `bob: got "message 1" from alice`) {
		t.Errorf("status %d, stderr %q, out:\n%s", status, stderr, out)
	}
}

// buildMeshlua builds the binary once for tests that need a real process.
func buildMeshlua(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "meshlua")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// toolPackages names the package that installs a tool, where that is not
// the tool's own name.
var toolPackages = map[string]string{"ping": "iputils-ping", "dot": "graphviz"}

// needTool finds a program the test needs, skipping without it unless
// running under CI, where it must be there.
func needTool(t *testing.T, name string) string {
	t.Helper()
	pkg := name
	if p, ok := toolPackages[name]; ok {
		pkg = p
	}
	return nettest.NeedTool(t, name, pkg)
}

// tsharkFrames reads a pcap with tshark and returns one line per frame:
// source, destination and ethertype.
func tsharkFrames(t *testing.T, pcap string) []string {
	t.Helper()
	tshark := needTool(t, "tshark")
	out, err := exec.Command(tshark, "-r", pcap, "-T", "fields", "-e", "eth.src", "-e", "eth.dst", "-e", "eth.type").Output()
	if err != nil {
		t.Fatalf("tshark cannot read %s: %v", pcap, err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func TestCaptureReadsBackWithTshark(t *testing.T) {
	dir := t.TempDir()
	pcap := filepath.Join(dir, "lan.pcap")
	path := writeScript(t, "cap.lua", `
local lan = mesh.link("lan", {delay = "1ms", loss = 0.5})
local a = mesh.node("a", {program = "node.every(0.1, function() node.send{payload = 'hello', type = 0x88b5} end)", links = {lan}})
mesh.node("b", {program = "echo", links = {lan}})
mesh.capture(lan, arg[1])
mesh.run(1.05)
local s = lan:stats()
print(s.offered, a:ports()[1].mac)
`)
	status, out, stderr := meshlua(t, path, pcap)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	var offered int
	var mac string
	if _, err := fmt.Sscan(out, &offered, &mac); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	frames := tsharkFrames(t, pcap)
	if len(frames) != offered {
		t.Fatalf("tshark read %d frames, the link was offered %d", len(frames), offered)
	}
	if want := mac + "\tff:ff:ff:ff:ff:ff\t0x88b5"; frames[0] != want {
		t.Errorf("first frame %q, want %q", frames[0], want)
	}
}

func TestInterruptStopsTheRunAndKeepsTheCapture(t *testing.T) {
	bin := buildMeshlua(t)
	pcap := filepath.Join(t.TempDir(), "busy.pcap")
	cmd := exec.Command(bin, "-e", `
local l = mesh.link("l")
mesh.node("a", {program = "node.every(0.001, function() node.broadcast('x') end)", links = {l}})
mesh.node("b", {program = "function on_stop() print('b stopped cleanly') end", links = {l}})
mesh.capture(l, "`+pcap+`")
print("running")
mesh.run("1000h")
print("not reached")`)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("meshlua did not stop on SIGINT")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit status %d, want 130; stderr %q", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stdout.String(), "b stopped cleanly") ||
		strings.Contains(stdout.String(), "not reached") {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	if frames := tsharkFrames(t, pcap); len(frames) < 100 {
		t.Errorf("the capture after Ctrl-C holds only %d frames", len(frames))
	}
}

func TestInteractiveAfterScript(t *testing.T) {
	bin := buildMeshlua(t)
	path := writeScript(t, "net.lua", `
lan = mesh.link("lan")
bob = mesh.node("bob", {program = "counter", links = {lan}})
mesh.node("alice", {program = "node.every(1, function() node.broadcast('hi') end)", links = {lan}})
`)
	cmd := exec.Command(bin, "-i", path)
	cmd.Stdin = strings.NewReader("mesh.run(3.5)\nbob:call('count')\nfor i = 1, 2 do\nprint(i)\nend\n")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "mesh 3.500000s> 3\n") || !strings.Contains(string(out), ">> >> 1\n2\n") {
		t.Errorf("REPL session:\n%s", out)
	}
}
