package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/gopacket/pcapgo"
)

// child is a meshlua process that a test signals. Its output is read as it
// comes, so the test waits for a line without sleeping.
type child struct {
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	stdout, stderr *stream
	home           string // its HOME and XDG_CONFIG_HOME
}

// stream gathers what a child writes to one of its outputs.
type stream struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{} // a token after each read
	eof  chan struct{}
}

func readStream(r io.Reader) *stream {
	s := &stream{more: make(chan struct{}, 1), eof: make(chan struct{})}
	go func() {
		defer close(s.eof)
		b := make([]byte, 32<<10)
		for {
			n, err := r.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			s.mu.Unlock()
			select {
			case s.more <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	return s
}

// String is everything read so far.
func (s *stream) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// await waits until the stream holds want.
func (s *stream) await(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(time.Minute)
	for !strings.Contains(s.String(), want) {
		select {
		case <-s.more:
		case <-s.eof:
			if !strings.Contains(s.String(), want) {
				t.Fatalf("the output ended without %q:\n%s", want, s.String())
			}
		case <-deadline:
			t.Fatalf("no %q within a minute:\n%s", want, s.String())
		}
	}
}

// startChild runs the meshlua at bin with args, in a home folder of its
// own; the test kills it (by its PID) if it is still running at the end.
func startChild(t *testing.T, bin string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(bin, args...), home: t.TempDir()}
	c.cmd.Env = append(os.Environ(), "HOME="+c.home, "XDG_CONFIG_HOME="+c.home)
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.stdout, c.stderr = readStream(stdout), readStream(stderr)
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
	})
	return c
}

// signal sends sig to the child.
func (c *child) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("%v: %v", sig, err)
	}
}

// end waits for the child to end (killing it, by its PID, after a minute)
// and returns its wait status.
func (c *child) end(t *testing.T) syscall.WaitStatus {
	t.Helper()
	for _, s := range []*stream{c.stdout, c.stderr} {
		select {
		case <-s.eof:
		case <-time.After(time.Minute):
			c.cmd.Process.Kill()
			t.Errorf("meshlua did not end within a minute:\n%s\n%s", c.stdout, c.stderr)
			<-s.eof
		}
	}
	c.cmd.Wait()
	return c.cmd.ProcessState.Sys().(syscall.WaitStatus)
}

// expectExit checks that the child exited by itself with status, printing
// the line msg on stderr, and that its output ends with a whole line.
func (c *child) expectExit(t *testing.T, status int, msg string) {
	t.Helper()
	ws := c.end(t)
	switch {
	case ws.Signaled():
		t.Errorf("killed by %v, want exit status %d; stderr:\n%s", ws.Signal(), status, c.stderr)
	case ws.ExitStatus() != status:
		t.Errorf("exit status %d, want %d; stderr:\n%s", ws.ExitStatus(), status, c.stderr)
	}
	if !strings.Contains(c.stderr.String(), msg+"\n") {
		t.Errorf("stderr %q, want the line %q", c.stderr, msg)
	}
	if out := c.stdout.String(); out != "" && !strings.HasSuffix(out, "\n") && !strings.HasSuffix(out, "> ") {
		t.Errorf("stdout ends in the middle of a line: ...%q", out[max(0, len(out)-80):])
	}
}

// pcapRecords reads the capture at path with gopacket's pcapgo and returns
// how many records it holds, failing the test unless it reads to its end.
func pcapRecords(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	if err != nil {
		t.Fatalf("pcapgo: %s: %v", path, err)
	}
	for n := 0; ; n++ {
		if _, _, err := r.ReadPacketData(); errors.Is(err, io.EOF) {
			return n
		} else if err != nil {
			t.Fatalf("pcapgo: %s: record %d: %v", path, n+1, err)
		}
	}
}

// tsharkReads checks that tshark reads the capture at path to its end.
func tsharkReads(t *testing.T, path string) {
	t.Helper()
	tshark := needTool(t, "tshark")
	out, err := exec.Command(tshark, "-r", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "cut short") {
		t.Errorf("tshark -r %s: %v\n%s", path, err, out[max(0, len(out)-500):])
	}
}
