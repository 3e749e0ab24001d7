package ether

import (
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
	return a, b, p
}

func TestConformanceOverVeth(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) { return openPair(t, false) })
}

func TestOtherTrafficIsIgnoredOrTaken(t *testing.T) {
	ipv4 := append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 9, 0x08, 0x00}, make([]byte, 46)...)
	mesh := append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 9, 0x88, 0xb5}, []byte("mesh")...)
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
