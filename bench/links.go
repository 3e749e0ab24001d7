package bench

import (
	"fmt"
	"net"
	"os"
	"os/exec"

	"golang.org/x/sys/unix"

	"github.com/meshlua/meshlua/links/ether"
	"github.com/meshlua/meshlua/links/linkbench"
	"github.com/meshlua/meshlua/links/tun"
	"github.com/meshlua/meshlua/links/udp"
	"github.com/meshlua/meshlua/runtime"
)

// probeTarget is how close to a bare-syscall probe of the same path a real
// link's device must come.
const probeTarget = 0.7

// devicePair opens two devices that reach each other, anew each call.
type devicePair func() (a, c runtime.Device, err error)

// measureLink measures a real link three ways in one run: 64-byte frames
// from one device straight to the other, the same across the two devices
// with a network on each side (a native node's frames through the switch,
// the device, the kernel, the other device and switch, to a native node),
// and the same path through bare system calls (probe).
func measureLink(cfg Config, name, about string, open devicePair, probe func(n int) (float64, error)) ([]Figure, error) {
	n := cfg.pick(300_000, 5_000)
	a, c, err := open()
	if err != nil {
		return nil, err
	}
	device := linkbench.Device(a, c, n, 64) // closes c
	a.Close()
	if a, c, err = open(); err != nil {
		return nil, err
	}
	across, err := acrossDevices(a, c, cfg.measureTime())
	if err != nil {
		return nil, err
	}
	bare, err := probe(n)
	if err != nil {
		return nil, err
	}
	ratio := func(v float64) float64 {
		if bare > 0 {
			return v / bare
		}
		return 0
	}
	return []Figure{
		{Name: name, Value: device, Unit: "frames/s", Target: "reference", About: about},
		{Name: name + "-net", Value: across, Unit: "frames/s", Target: "reference",
			About: "the same devices with a network on each side: native node, switch, device ... device, switch, native node"},
		{Name: name + "-probe", Value: bare, Unit: "frames/s", Target: "reference", About: "the same path through bare system calls, in the same run"},
		atLeast(name+"-ratio", ratio(device), "× probe", probeTarget, "the device's rate over the probe's"),
		atLeast(name+"-net-ratio", ratio(across), "× probe", probeTarget, "the rate with the networks over the probe's"),
	}, nil
}

func runUDP(cfg Config) ([]Figure, error) {
	probePort, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := probePort.LocalAddr().(*net.UDPAddr).Port
	probePort.Close()
	open := func() (runtime.Device, runtime.Device, error) {
		a, err := udp.Open(udp.Config{Port: port, Iface: "lo", Network: "bench"})
		if err != nil {
			return nil, nil, err
		}
		c, err := udp.Open(udp.Config{Port: port, Iface: "lo", Network: "bench"})
		if err != nil {
			a.Close()
			return nil, nil, err
		}
		return a, c, nil
	}
	return measureLink(cfg, "udp", "64-byte frames between two udp devices on lo (sendmmsg/recvmmsg batches of 32)", open,
		func(n int) (float64, error) { return linkbench.UDPProbe(n, udp.HeaderLen+64) })
}

func runUDPPeers(cfg Config) ([]Figure, error) {
	open := func() (runtime.Device, runtime.Device, error) {
		var ports [2]int
		for i := range ports {
			c, err := net.ListenPacket("udp4", "127.0.0.1:0")
			if err != nil {
				return nil, nil, err
			}
			ports[i] = c.LocalAddr().(*net.UDPAddr).Port
			c.Close()
		}
		peer := func(i int) udp.Config {
			return udp.Config{Port: ports[i], Network: "bench", Peers: []string{fmt.Sprintf("127.0.0.1:%d", ports[1-i])}}
		}
		a, err := udp.Open(peer(0))
		if err != nil {
			return nil, nil, err
		}
		c, err := udp.Open(peer(1))
		if err != nil {
			a.Close()
			return nil, nil, err
		}
		return a, c, nil
	}
	return measureLink(cfg, "udp-peers", "64-byte frames between two udp devices with each other as peers on lo (unicast, sendmmsg/recvmmsg batches of 32)", open,
		func(n int) (float64, error) { return linkbench.UDPProbe(n, udp.HeaderLen+64) })
}

func runEther(cfg Config) ([]Figure, error) {
	if why := netnsMissing(); why != "" {
		return []Figure{{Name: "ether", Unit: "frames/s", About: "skipped: " + why + " (raw sockets on a veth pair in a network namespace of its own)"}}, nil
	}
	ns, remove, err := netns("ether",
		[]string{"link", "add", "va", "type", "veth", "peer", "name", "vb"},
		[]string{"link", "set", "va", "up"}, []string{"link", "set", "vb", "up"})
	if err != nil {
		return nil, err
	}
	defer remove()
	open := func() (a, c runtime.Device, err error) {
		err = inNetns(ns, func() error {
			da, err := ether.Open(ether.Config{Iface: "va"})
			if err != nil {
				return err
			}
			dc, err := ether.Open(ether.Config{Iface: "vb"})
			if err != nil {
				da.Close()
				return err
			}
			a, c = da, dc
			return nil
		})
		return
	}
	// The probe's sockets open once the devices are closed, so no socket
	// of one measurement takes copies of the other's frames.
	probe := func(n int) (float64, error) {
		var tx, rx int
		err := inNetns(ns, func() (err error) { tx, rx, err = linkbench.RawPair("va", "vb"); return })
		if err != nil {
			return 0, err
		}
		return linkbench.RawProbe(tx, rx, n, 64), nil
	}
	return measureLink(cfg, "ether", "64-byte frames across a veth pair through two ether devices (AF_PACKET)", open, probe)
}

func runTap(cfg Config) ([]Figure, error) {
	if why := netnsMissing(); why != "" {
		return []Figure{{Name: "tap", Unit: "frames/s", About: "skipped: " + why + " (tap interfaces on a bridge in a network namespace of its own)"}}, nil
	}
	ns, remove, err := netns("tap",
		[]string{"link", "add", "br0", "type", "bridge", "forward_delay", "0"}, []string{"link", "set", "br0", "up"})
	if err != nil {
		return nil, err
	}
	defer remove()
	// The devices' taps, then the probe's, are the bridge's only ports.
	open := func() (runtime.Device, runtime.Device, error) {
		var a, c *tun.Device
		err := inNetns(ns, func() error {
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
			return nil, nil, err
		}
		return a, c, nil
	}
	probe := func(n int) (float64, error) {
		tx, rx := -1, -1
		err := inNetns(ns, func() error {
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
			return 0, err
		}
		return linkbench.RawProbe(tx, rx, n, 64), nil
	}
	return measureLink(cfg, "tap", "64-byte frames between two taps on a kernel bridge through two tap devices (the probe: one write(2) and one read(2) per frame)", open, probe)
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
