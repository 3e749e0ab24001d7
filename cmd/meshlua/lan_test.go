package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/meshlua/meshlua/internal/netnstest"
)

// process is a meshlua process running in a host of a test LAN.
type process struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
}

func (p *process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// start runs meshlua with args in host i; the test kills it (by its PID)
// if it is still running at the end.
func start(t *testing.T, lan *netnstest.LAN, bin string, i int, args ...string) *process {
	t.Helper()
	return startCommand(t, lan.Command(i, bin, args...))
}

// startCommand starts cmd; the test kills it (by its PID) if it is still
// running at the end.
func startCommand(t *testing.T, cmd *exec.Cmd) *process {
	t.Helper()
	p := &process{cmd: cmd}
	p.cmd.Stdout, p.cmd.Stderr = p, p
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	return p
}

// wait waits for the process to end by itself.
func (p *process) wait(t *testing.T) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("meshlua ended with %v:\n%s", err, p.output())
		}
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		t.Fatalf("meshlua did not end:\n%s", p.output())
	}
}

// await waits until the process has printed want.
func (p *process) await(t *testing.T, want string) {
	t.Helper()
	p.awaitCount(t, want, 1, 10*time.Second)
}

// awaitCount waits until the process has printed want n times, for at
// most limit.
func (p *process) awaitCount(t *testing.T, want string, n int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for strings.Count(p.output(), want) < n {
		if time.Now().After(deadline) {
			t.Fatalf("never printed %q (%d times):\n%s", want, n, p.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

const floodOverUDP = `
local lan = mesh.link("lan", {kind = "udp", iface = "eth0", port = 7777, key = arg[3]})
print("open")           -- the link's socket is bound: datagrams to it arrive
local me = mesh.node(arg[1], {program = "flood", links = {lan}})
mesh.run(1)            -- the others start meanwhile
me:call("send", "hello from " .. arg[1])
mesh.run(tonumber(arg[2]))
local s = lan:stats()
print("count", me:call("count"))
local r = {}
for k, v in pairs(s.device.rejected) do r[#r + 1] = k .. "=" .. v end
print("rejected", table.concat(r, " "))
`

func TestFloodAcrossThreeProcesses(t *testing.T) {
	lan := netnstest.New(t, 3)
	bin := buildMeshlua(t)
	script := writeScript(t, "flood.lua", floodOverUDP)
	var ps []*process
	for i := 1; i <= 3; i++ {
		ps = append(ps, start(t, lan, bin, i, script, fmt.Sprintf("n%d", i), "2"))
	}
	for i, p := range ps {
		p.wait(t)
		out := p.output()
		for j := 1; j <= 3; j++ {
			got := strings.Count(out, fmt.Sprintf(`got "hello from n%d"`, j))
			if want := map[bool]int{true: 0, false: 1}[j == i+1]; got != want {
				t.Errorf("n%d got n%d's message %d times, want %d:\n%s", i+1, j, got, want, out)
			}
		}
		if !strings.Contains(out, "count\t2\n") {
			t.Errorf("n%d:\n%s", i+1, out)
		}
	}
}

// sendFrom sends datagrams to the LAN's broadcast address from host i.
func sendFrom(t *testing.T, lan *netnstest.LAN, i int, port int, datagrams ...[]byte) {
	t.Helper()
	lan.In(i, func() {
		c, err := net.ListenPacket("udp4", ":0")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		raw, _ := c.(*net.UDPConn).SyscallConn()
		raw.Control(func(fd uintptr) { unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_BROADCAST, 1) })
		for _, dg := range datagrams {
			if _, err := c.WriteTo(dg, &net.UDPAddr{IP: net.ParseIP(lan.Broadcast()), Port: port}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestStrangersAreCountedAndDropped(t *testing.T) {
	lan := netnstest.New(t, 3)
	bin := buildMeshlua(t)
	script := writeScript(t, "flood.lua", floodOverUDP)
	keyed := start(t, lan, bin, 1, script, "n1", "2", "our key")
	wrong := start(t, lan, bin, 2, script, "n2", "2", "a guess")
	keyed.await(t, "open")
	wrong.await(t, "open")
	header := append([]byte("MLUA\x01\x00\x00\x00"), make([]byte, 24)...)
	sendFrom(t, lan, 3, 7777,
		[]byte("just some garbage on the port"),
		[]byte("MLUA"),
		append(append([]byte(nil), header...), "a frame of another network, unkeyed"...),
	)
	keyed.wait(t)
	wrong.wait(t)
	out := keyed.output()
	if !strings.Contains(out, "count\t0\n") {
		t.Errorf("a process with another key must not get frames:\n%s", out)
	}
	for _, want := range []string{"bad_key=", "malformed=2", "foreign_network=1"} {
		if !strings.Contains(out, want) {
			t.Errorf("the keyed process should count %s:\n%s", want, out)
		}
	}
}

func TestChatFindsPeersAndSurvivesLeaveAndJoin(t *testing.T) {
	lan := netnstest.New(t, 3)
	bin := buildMeshlua(t)
	alice := start(t, lan, bin, 1, "chat", "alice", "eth0")
	bob := start(t, lan, bin, 2, "chat", "bob", "eth0")
	alice.await(t, "* bob joined")
	bob.await(t, "* alice joined")
	fmt.Fprintln(alice.stdin, "hi bob")
	bob.await(t, "<alice> hi bob")
	bob.stdin.Close() // Ctrl-D: bob leaves
	alice.await(t, "* bob left")
	bob.wait(t)
	carol := start(t, lan, bin, 3, "chat", "carol", "eth0")
	alice.await(t, "* carol joined")
	carol.await(t, "* alice joined") // alice's answer to carol's hello: then /who knows her
	fmt.Fprintln(carol.stdin, "/who")
	carol.await(t, "* here: alice")
	fmt.Fprintln(carol.stdin, "hello all")
	alice.await(t, "<carol> hello all")
	carol.cmd.Process.Signal(syscall.SIGINT)
	alice.await(t, "* carol left") // her goodbye follows every copy of her message
	if n := strings.Count(alice.output(), "<carol> hello all"); n != 1 {
		t.Errorf("alice got carol's message %d times:\n%s", n, alice.output())
	}
}

const floodOverEther = `
local lan = mesh.link("lan", {kind = "ether", iface = "eth0"})
local me = mesh.node(arg[1], {program = "flood", links = {lan}})
print("mac", me:ports()[1].mac)
mesh.run(1)
me:call("send", "hello from " .. arg[1])
mesh.run(1.5)
print("count", me:call("count"))
`

func TestEtherAcrossProcessesIsRealEthernet(t *testing.T) {
	lan := netnstest.New(t, 4)
	bin := buildMeshlua(t)
	tshark := needTool(t, "tshark")
	pcap := filepath.Join(t.TempDir(), "wire.pcap")
	capture := start(t, lan, tshark, 4, "-i", "eth0", "-w", pcap)
	capture.await(t, "Capturing on")
	script := writeScript(t, "flood.lua", floodOverEther)
	var ps []*process
	for i := 1; i <= 3; i++ {
		ps = append(ps, start(t, lan, bin, i, script, fmt.Sprintf("n%d", i)))
	}
	macs := map[string]bool{}
	for i, p := range ps {
		p.wait(t)
		out := p.output()
		if !strings.Contains(out, "count\t2\n") {
			t.Errorf("n%d should get the two others' messages once each:\n%s", i+1, out)
		}
		if m := regexp.MustCompile(`mac\t(\S+)`).FindStringSubmatch(out); m != nil {
			macs[m[1]] = true
		}
	}
	capture.cmd.Process.Signal(syscall.SIGINT)
	capture.wait(t)
	frames := tsharkFrames(t, pcap)
	seen := map[string]int{}
	for _, f := range frames {
		fields := strings.Split(f, "\t")
		if len(fields) == 3 && fields[2] == "0x88b5" {
			if fields[1] != "ff:ff:ff:ff:ff:ff" || !macs[fields[0]] {
				t.Errorf("a mesh frame on the wire from %s to %s: want a node's address, broadcast", fields[0], fields[1])
			}
			seen[fields[0]]++
		}
	}
	if len(seen) != 3 {
		t.Errorf("the capture shows mesh frames from %d nodes (%v), want 3 (%v)", len(seen), seen, macs)
	}
}
