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
	"github.com/meshlua/meshlua/links/tun"
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
	ns, remove, err := netns("ether",
		[]string{"link", "add", "va", "type", "veth", "peer", "name", "vb"},
		[]string{"link", "set", "va", "up"}, []string{"link", "set", "vb", "up"})
	if err != nil {
		return nil, err
	}
	defer remove()
	var a, c *ether.Device
	var txFD, rxFD int
	err = inNetns(ns, func() error {
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

func runTap(cfg Config) ([]Figure, error) {
	if os.Geteuid() != 0 {
		return []Figure{{Name: "tap", Unit: "frames/s", About: "skipped: needs root (tap interfaces on a bridge in a network namespace of its own)"}}, nil
	}
	ns, remove, err := netns("tap",
		[]string{"link", "add", "br0", "type", "bridge", "forward_delay", "0"}, []string{"link", "set", "br0", "up"})
	if err != nil {
		return nil, err
	}
	defer remove()
	// The devices' taps, then the probe's, are the bridge's only ports.
	var a, c *tun.Device
	err = inNetns(ns, func() error {
		var err error
		if a, err = tun.Open(tun.Config{Tap: true, Iface: "tapa"}); err != nil {
			return err
		}
		c, err = tun.Open(tun.Config{Tap: true, Iface: "tapb"})
		return err
	})
	if err == nil {
		err = ipIn(ns, []string{"link", "set", "tapa", "master", "br0"}, []string{"link", "set", "tapb", "master", "br0"})
	}
	if err != nil {
		if a != nil {
			a.Close()
		}
		if c != nil {
			c.Close()
		}
		return nil, err
	}
	n := cfg.pick(300_000, 5_000)
	device := linkbench.Device(a, c, n, 64)
	a.Close()
	tx, rx := -1, -1
	err = inNetns(ns, func() error {
		var err error
		if tx, err = linkbench.TapFD("ptx"); err != nil {
			return err
		}
		rx, err = linkbench.TapFD("prx")
		return err
	})
	if err == nil {
		err = ipIn(ns, []string{"link", "set", "ptx", "master", "br0", "up"}, []string{"link", "set", "prx", "master", "br0", "up"})
	}
	if err != nil {
		unix.Close(tx)
		unix.Close(rx)
		return nil, err
	}
	probe := linkbench.RawProbe(tx, rx, n, 64)
	return linkFigures("tap", device, probe,
		"64-byte frames between two taps on a kernel bridge through two tap devices (the probe: one write(2) and one read(2) per frame)"), nil
}

// netns makes a network namespace for the benchmark called name, runs
// ip -n NS with each of setup in it, and returns its name and a function
// that deletes it.
func netns(name string, setup ...[]string) (string, func(), error) {
	ns := fmt.Sprintf("mlbench-%s-%d", name, os.Getpid())
	if err := ip("netns", "add", ns); err != nil {
		return "", nil, err
	}
	remove := func() { ip("netns", "del", ns) }
	if err := ipIn(ns, setup...); err != nil {
		remove()
		return "", nil, err
	}
	return ns, remove, nil
}

// ipIn runs ip -n ns with each of cmds.
func ipIn(ns string, cmds ...[]string) error {
	for _, args := range cmds {
		if err := ip(append([]string{"-n", ns}, args...)...); err != nil {
			return err
		}
	}
	return nil
}

func ip(args ...string) error {
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("ip %v: %v: %s", args, err, out)
	}
	return nil
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
