package ether

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/meshlua/meshlua/internal/netnstest"
	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

func openPair(t testing.TB, all bool) (*Device, *Device) {
	a, b, _ := openPairIn(t, all)
	return a, b
}

// openPairIn opens devices on the two ends of a veth pair and returns the
// pair too, to open more sockets in its namespace.
func openPairIn(t testing.TB, all bool) (*Device, *Device, *netnstest.Pair) {
	t.Helper()
	p := netnstest.NewPair(t)
	a, b := openOn(t, p, all)
	return a, b, p
}

// openOn opens devices on the two ends of p; the test closes them.
func openOn(t testing.TB, p *netnstest.Pair, all bool) (*Device, *Device) {
	t.Helper()
	var a, b *Device
	var err error
	p.In(func() {
		if a, err = Open(Config{Iface: p.A, All: all}); err != nil {
			return
		}
		b, err = Open(Config{Iface: p.B, All: all})
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

func TestConformanceOverVeth(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) { return openPair(t, false) })
}

func TestOtherTrafficIsIgnoredOrTaken(t *testing.T) {
	ipv4 := runtime.NewFrame(runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 9}, 0x0800, make([]byte, 46)).Bytes()
	mesh := runtime.NewFrame(runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 9}, runtime.EtherType, []byte("mesh")).Bytes()
	for _, all := range []bool{false, true} {
		a, b := openPair(t, all)
		if _, err := a.Write([][]byte{ipv4, mesh}, 0); err != nil {
			t.Fatal(err)
		}
		bufs := [][]byte{make([]byte, 2048), make([]byte, 2048)}
		sizes := []int{0, 0}
		got := 0
		for got < map[bool]int{false: 1, true: 2}[all] {
			n, err := b.Read(bufs[got:], sizes[got:], 0)
			if err != nil {
				t.Fatal(err)
			}
			got += n
		}
		last := string(bufs[got-1][:sizes[got-1]])
		if !strings.HasSuffix(last, "mesh") {
			t.Errorf("all=%v: the last frame read is %q", all, last)
		}
		if ignored := b.Stats().Rejected[runtime.DevOtherTraffic]; (ignored > 0) == all {
			t.Errorf("all=%v: %d frames of other traffic ignored", all, ignored)
		}
	}
}

// TestFramesLargerThanTheBufferAreTruncated sends, over a veth pair with
// jumbo frames, a frame larger than any frame a link carries: the reader's
// buffer (runtime.MaxFrame) cannot hold it, and it is counted as
// truncated and dropped, not returned cut.
func TestFramesLargerThanTheBufferAreTruncated(t *testing.T) {
	p := netnstest.NewPair(t)
	const mtu = runtime.MaxFrame + 500
	p.In(func() { // ip, run from this thread, works in the pair's namespace
		for _, end := range []string{p.A, p.B} {
			if out, err := exec.Command("ip", "link", "set", "dev", end, "mtu", fmt.Sprint(mtu)).CombinedOutput(); err != nil {
				t.Fatalf("setting the MTU of %s: %v: %s", end, err, out)
			}
		}
	})
	a, b := openOn(t, p, false)
	if a.MTU() != mtu {
		t.Fatalf("the device's MTU is %d, want %d", a.MTU(), mtu)
	}
	header := make([]byte, runtime.HeaderLen)
	runtime.PutHeader(header, runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 9}, runtime.EtherType)
	big := append(append([]byte{}, header...), make([]byte, runtime.MaxFrame)...)
	small := append(append([]byte{}, header...), "small"...)
	if n, err := a.Write([][]byte{big, small}, 0); n != 2 || err != nil {
		t.Fatalf("wrote %d of 2 frames: %v", n, err)
	}
	if f := devtest.ReadOne(t, b); string(f) != string(small) {
		t.Fatalf("read a frame of %d bytes, want the small one", len(f))
	}
	if s := b.Stats(); s.Rejected[runtime.DevTruncated] != 1 || s.RxFrames != 1 {
		t.Errorf("read %d frames, rejected %v; want 1 read and 1 truncated", s.RxFrames, s.Rejected.Map())
	}
	devtest.CheckStats(t, b.Stats())
}

func TestBadSettingsSayWhatToDo(t *testing.T) {
	for _, c := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{"iface": "nosuch0"}, `there is no interface "nosuch0" (interfaces here: lo`},
		{map[string]any{}, "name the host interface with iface="},
		{map[string]any{"iface": "lo", "traffic": "some"}, `option traffic: want "mesh"`},
	} {
		d, err := open("l", c.opts)
		if d != nil {
			d.Close()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.opts, err, c.want)
		}
	}
}
