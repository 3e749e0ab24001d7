package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// endingSignal is a signal that ends a run, with the exit status and the
// name it gives.
type endingSignal struct {
	sig    syscall.Signal
	status int
	name   string
}

var endingSignals = []endingSignal{
	{syscall.SIGINT, 130, "SIGINT"},
	{syscall.SIGTERM, 143, "SIGTERM"},
	{syscall.SIGHUP, 129, "SIGHUP"},
}

// message is the line meshlua ends with.
func (s endingSignal) message() string { return fmt.Sprintf("meshlua: interrupted (%s)", s.name) }

// eachSignal runs test for every signal that ends a run, in parallel.
func eachSignal(t *testing.T, test func(t *testing.T, s endingSignal)) {
	for _, s := range endingSignals {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			test(t, s)
		})
	}
}

// mkfifo makes a named pipe in a temporary folder.
func mkfifo(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// flooding builds a network whose node a floods link l, captured to
// arg[1], and node b, which says when it stops.
const flooding = `
local l = mesh.link("l")
mesh.node("a", {program = "node.every(0.001, function() node.broadcast('flood') end)", links = {l}})
mesh.node("b", {program = "function on_stop() print('b stopped cleanly') end", links = {l}})
mesh.capture(l, arg[1])
print("printed before")
`

// moment is a moment of a run at which a signal comes: the script, and
// the line (or prompt) the test waits for before it sends the signal.
type moment struct {
	name   string
	script string
	ready  string
	repl   bool // the REPL runs (-i): Ctrl-C does not end it
	input  string
}

var moments = []moment{
	{name: "building", ready: "building\n", script: `
print("building")
while true do mesh.remove(mesh.node("n", {program = "echo"})) end`},
	{name: "virtual-run", ready: "ran\t3\n", script: flooding + `
for i = 1, math.huge do mesh.run(0.1) print("ran", i) end`},
	{name: "realtime-run", ready: "ran\t3\n", script: flooding + `
mesh.realtime(true)
for i = 1, math.huge do mesh.run(0.1) print("ran", i) end`},
	{name: "node-call-hangs", ready: "calling\n", script: flooding + `
local spin = mesh.node("spin", {program = "function spin() while true do end end", budget = "1000h"})
mesh.run(1)
print("calling")
spin:call("spin")`},
	{name: "realtime-node-hangs", ready: "c: hanging\n", script: flooding + `
mesh.node("c", {budget = "1000h", links = {mesh.get("l")}, program = [[
local frames = 0
function on_frame()
  frames = frames + 1
  if frames == 20 then
    print("hanging")
    node.after(0.01, function() while true do end end)
  end
end]]})
mesh.realtime(true)
mesh.run("1000h")`},
	{name: "readline", ready: "reading\n", script: flooding + `
mesh.run(1)
print("reading")
print(mesh.readline())`},
	{name: "repl-prompt", ready: "typed\n", repl: true, input: "print('typed')\n", script: flooding + `
mesh.run(1)`},
	{name: "repl-chunk", ready: "spinning\n", repl: true, input: "print('spinning') while true do end\n", script: flooding + `
mesh.run(1)`},
}

// TestSignalsEndTheRunCleanly signals a run at each moment with each
// signal, and checks the exit status, the message, that the output printed
// before is there, that the capture reads to its end, and that the nodes
// stopped.
func TestSignalsEndTheRunCleanly(t *testing.T) {
	bin := buildMeshlua(t)
	for _, m := range moments {
		for _, s := range endingSignals {
			if m.repl && s.sig == syscall.SIGINT {
				continue // TestCtrlCInTheREPLStopsTheChunk
			}
			t.Run(m.name+"/"+s.name, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				script, pcap := filepath.Join(dir, "run.lua"), filepath.Join(dir, "l.pcap")
				if err := os.WriteFile(script, []byte(m.script), 0o644); err != nil {
					t.Fatal(err)
				}
				args := []string{script, pcap}
				if m.repl {
					args = append([]string{"-i"}, args...)
				}
				c := startChild(t, bin, args...)
				if m.input != "" {
					c.stdout.await(t, "> ")
					fmt.Fprint(c.stdin, m.input)
				}
				c.stdout.await(t, m.ready)
				c.signal(t, s.sig)
				c.expectExit(t, s.status, s.message())
				out := c.stdout.String()
				if strings.Contains(c.stderr.String(), "traceback") {
					t.Errorf("stderr says more than why the run ended:\n%s", c.stderr)
				}
				if !strings.Contains(out, m.ready) {
					t.Errorf("stdout lost what was printed before the signal:\n%s", out)
				}
				if !strings.Contains(m.script, "mesh.capture") {
					return
				}
				if !strings.Contains(out, "printed before\n") || !strings.Contains(out, "b: b stopped cleanly\n") {
					t.Errorf("stdout lacks what was printed before the signal, or b's on_stop:\n%s", out)
				}
				if m.repl {
					history, err := os.ReadFile(filepath.Join(c.home, "meshlua", "history"))
					if err != nil || !strings.Contains(string(history), strings.TrimSpace(m.input)) {
						t.Errorf("the REPL's history was not saved: %q, %v", history, err)
					}
				}
				if pcapRecords(t, pcap) == 0 {
					t.Errorf("the capture holds no frame")
				}
				tsharkReads(t, pcap)
			})
		}
	}
}

// TestSignalBeforeTheScriptStarts signals meshlua while it reads its
// script (a named pipe the test has not written yet).
func TestSignalBeforeTheScriptStarts(t *testing.T) {
	bin := buildMeshlua(t)
	eachSignal(t, func(t *testing.T, s endingSignal) {
		fifo := mkfifo(t, "script.lua")
		c := startChild(t, bin, fifo)
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // returns once meshlua opened it to read
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		c.signal(t, s.sig)
		c.expectExit(t, s.status, s.message())
	})
}

// TestSignalRightAtExec signals meshlua as soon as it exists. A signal
// that comes before the Go runtime hands signals to meshlua (its first
// moments) kills the process with the default action, which a shell
// reports with the same status; any later one ends the run cleanly.
func TestSignalRightAtExec(t *testing.T) {
	bin := buildMeshlua(t)
	eachSignal(t, func(t *testing.T, s endingSignal) {
		pcap := filepath.Join(t.TempDir(), "l.pcap")
		c := startChild(t, bin, writeScript(t, "flood.lua", flooding+"mesh.run('1000h')"), pcap)
		c.signal(t, s.sig)
		ws := c.end(t)
		if ws.Signaled() {
			if ws.Signal() != s.sig {
				t.Errorf("killed by %v, want %v or exit status %d", ws.Signal(), s.sig, s.status)
			}
			return
		}
		if ws.ExitStatus() != s.status || !strings.Contains(c.stderr.String(), s.message()+"\n") {
			t.Errorf("exit status %d, stderr %q; want %d and %q", ws.ExitStatus(), c.stderr, s.status, s.message())
		}
		if _, err := os.Stat(pcap); err == nil {
			pcapRecords(t, pcap)
		}
	})
}

// TestHungOnStopIsBounded ends a run whose node b hangs in on_stop: the
// other nodes still stop, and meshlua exits soon after stopGrace.
func TestHungOnStopIsBounded(t *testing.T) {
	bin := buildMeshlua(t)
	pcap := filepath.Join(t.TempDir(), "l.pcap")
	c := startChild(t, bin, writeScript(t, "stop.lua", `
local l = mesh.link("l")
mesh.node("a", {program = "node.every(0.001, function() node.broadcast('flood') end)", links = {l}})
mesh.node("b", {program = "function on_stop() while true do end end", budget = "1000h", links = {l}})
mesh.node("c", {program = "function on_stop() print('c stopped cleanly') end", links = {l}})
mesh.capture(l, arg[1])
for i = 1, math.huge do mesh.run(0.1) print("ran", i) end`), pcap)
	c.stdout.await(t, "ran\t3\n")
	c.signal(t, syscall.SIGTERM)
	signalled := time.Now()
	c.expectExit(t, 143, "meshlua: interrupted (SIGTERM)")
	if took := time.Since(signalled); took > stopGrace+20*time.Second {
		t.Errorf("meshlua took %v to end after the signal", took)
	}
	if out := c.stdout.String(); !strings.Contains(out, "c: c stopped cleanly\n") || !strings.Contains(out, "b: stopped: interrupted") {
		t.Errorf("stdout:\n%s", out)
	}
	pcapRecords(t, pcap)
}

// awaitOpen waits until the child has path open.
func (c *child) awaitOpen(t *testing.T, path string) {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/fd", c.cmd.Process.Pid)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		fds, _ := os.ReadDir(dir)
		for _, fd := range fds {
			if target, _ := os.Readlink(filepath.Join(dir, fd.Name())); target == path {
				return
			}
		}
	}
	t.Fatalf("meshlua did not open %s", path)
}

// TestSecondSignalForcesTheExit signals twice a run that cannot end by
// itself: its capture goes to a named pipe that is full.
func TestSecondSignalForcesTheExit(t *testing.T) {
	bin := buildMeshlua(t)
	fifo := mkfifo(t, "stuck.pcap")
	p, err := syscall.Open(fifo, syscall.O_RDWR|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(p)
	for {
		if _, err := syscall.Write(p, make([]byte, 4096)); err != nil {
			break // full: meshlua's first write will wait for ever
		}
	}
	c := startChild(t, bin, writeScript(t, "stuck.lua", `
local l = mesh.link("l")
print("capturing")
mesh.capture(l, arg[1])
print("not reached")`), fifo)
	c.stdout.await(t, "capturing\n")
	// Once meshlua has the pipe open it is inside mesh.capture, which
	// writes the file's header next, and nothing a signal does gets it out.
	c.awaitOpen(t, fifo)
	c.signal(t, syscall.SIGTERM)
	c.stderr.await(t, "meshlua: interrupted (SIGTERM)\n")
	c.signal(t, syscall.SIGINT)
	c.expectExit(t, 143, "meshlua: forced exit (SIGINT while ending)")
}

// TestCtrlCInTheREPLStopsTheChunk checks that Ctrl-C in the REPL stops
// the chunk that runs, even one hung in a node's call, and the REPL stays.
func TestCtrlCInTheREPLStopsTheChunk(t *testing.T) {
	bin := buildMeshlua(t)
	c := startChild(t, bin, "-i", "-e", `spin = mesh.node("spin", {program = "function spin() while true do end end", budget = "1000h"})`)
	for i, chunk := range []string{"print('spinning') while true do end", "print('calling') spin:call('spin')"} {
		c.stdout.await(t, "> ")
		fmt.Fprintln(c.stdin, chunk)
		c.stdout.await(t, strings.Split(chunk, "'")[1]+"\n")
		c.signal(t, syscall.SIGINT)
		c.stderr.await(t, strings.Repeat("interrupted\n", i+1))
	}
	fmt.Fprintln(c.stdin, "print('still here')")
	c.stdout.await(t, "still here\n")
	c.stdin.Close()
	if ws := c.end(t); ws.Signaled() || ws.ExitStatus() != 0 || strings.Contains(c.stderr.String(), "meshlua:") {
		t.Errorf("wait status %v, stderr:\n%s", ws, c.stderr)
	}
}

// TestCaptureWriteErrorsAreReported runs out of file size for a capture
// (ulimit -f), then signals the run: the error is said, not lost.
func TestCaptureWriteErrorsAreReported(t *testing.T) {
	bin := buildMeshlua(t)
	pcap := filepath.Join(t.TempDir(), "l.pcap")
	c := startChild(t, "/bin/sh", "-c", `ulimit -f 64 && exec "$0" "$@"`, bin, writeScript(t, "full.lua", flooding+`
for i = 1, math.huge do pcall(mesh.run, 1) print("ran", i) end`), pcap)
	c.stdout.await(t, "ran\t100\n")
	c.signal(t, syscall.SIGTERM)
	c.expectExit(t, 143, "meshlua: interrupted (SIGTERM)")
	if !strings.Contains(c.stderr.String(), "meshlua: capture: write "+pcap+": file too large\n") {
		t.Errorf("stderr lacks the capture's write error:\n%s", c.stderr)
	}
}
