package bench

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	goruntime "runtime"

	"golang.org/x/sys/unix"

	"github.com/meshlua/meshlua/links/ether"
	"github.com/meshlua/meshlua/links/linkbench"
	"github.com/meshlua/meshlua/links/udp"
)

// probeTarget is how close to a bare-syscall probe of the same path a real
// link's device must come.
const probeTarget = 0.7

// linkFigures reports a device's rate beside its probe's.
func linkFigures(name string, device, probe float64, about string) []Figure {
	ratio := 0.0
	if probe > 0 {
		ratio = device / probe
	}
	return []Figure{
		{Name: name, Value: device, Unit: "frames/s", Target: "reference", About: about},
		{Name: name + "-probe", Value: probe, Unit: "frames/s", Target: "reference", About: "the same path through bare system calls, in the same run"},
		atLeast(name+"-ratio", ratio, "× probe", probeTarget, "the device's rate over the probe's"),
	}
}

func runUDP(cfg Config) ([]Figure, error) {
	probePort, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := probePort.LocalAddr().(*net.UDPAddr).Port
	probePort.Close()
	a, err := udp.Open(udp.Config{Port: port, Iface: "lo", Network: "bench"})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	c, err := udp.Open(udp.Config{Port: port, Iface: "lo", Network: "bench"})
	if err != nil {
		return nil, err
	}
	n := cfg.pick(300_000, 5_000)
	device := linkbench.Device(a, c, n, 64)
	probe, err := linkbench.UDPProbe(n, udp.HeaderLen+64)
	if err != nil {
		return nil, err
	}
	return linkFigures("udp", device, probe,
		"64-byte frames between two udp devices on lo (sendmmsg/recvmmsg batches of 32)"), nil
}

func runEther(cfg Config) ([]Figure, error) {
	if os.Geteuid() != 0 {
		return []Figure{{Name: "ether", Unit: "frames/s", About: "skipped: needs root (raw sockets on a veth pair in a network namespace of its own)"}}, nil
	}
	ns := fmt.Sprintf("mlbench%d", os.Getpid())
	ip := func(args ...string) error {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("ip %v: %v: %s", args, err, out)
		}
		return nil
	}
	if err := ip("netns", "add", ns); err != nil {
		return nil, err
	}
	defer ip("netns", "del", ns)
	for _, args := range [][]string{
		{"-n", ns, "link", "add", "va", "type", "veth", "peer", "name", "vb"},
		{"-n", ns, "link", "set", "va", "up"}, {"-n", ns, "link", "set", "vb", "up"},
	} {
		if err := ip(args...); err != nil {
			return nil, err
		}
	}
	var a, c *ether.Device
	var txFD, rxFD int
	err := inNetns(ns, func() error {
		var err error
		if a, err = ether.Open(ether.Config{Iface: "va"}); err != nil {
			return err
		}
		if c, err = ether.Open(ether.Config{Iface: "vb"}); err != nil {
			return err
		}
		txFD, rxFD, err = linkbench.RawPair("va", "vb")
		return err
	})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	n := cfg.pick(300_000, 5_000)
	device := linkbench.Device(a, c, n, 64)
	probe := linkbench.RawProbe(txFD, rxFD, n, 64)
	return linkFigures("ether", device, probe,
		"64-byte frames across a veth pair through two ether devices (AF_PACKET)"), nil
}

// inNetns runs fn on an OS thread inside the network namespace ns.
func inNetns(ns string, fn func() error) error {
	goruntime.LockOSThread()
	defer goruntime.UnlockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return err
	}
	defer orig.Close()
	target, err := os.Open("/var/run/netns/" + ns)
	if err != nil {
		return err
	}
	defer target.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		return err
	}
	defer unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET)
	return fn()
}
