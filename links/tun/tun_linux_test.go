package tun

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	goruntime "runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/meshlua/meshlua/internal/netnstest"
	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

// newBridge makes a namespace holding a bridge br0 that is up.
func newBridge(t testing.TB) *netnstest.LAN {
	t.Helper()
	host := netnstest.NewHost(t)
	host.IP(1, "link", "add", "br0", "type", "bridge", "forward_delay", "0")
	host.IP(1, "link", "set", "br0", "up")
	return host
}

// join puts the interfaces on host's bridge.
func join(host *netnstest.LAN, names ...string) {
	for _, n := range names {
		host.IP(1, "link", "set", n, "master", "br0")
	}
}

// openIn opens a device for each config in host's namespace; the test
// closes them.
func openIn(t testing.TB, host *netnstest.LAN, cs ...Config) []*Device {
	t.Helper()
	var ds []*Device
	var err error
	host.In(1, func() {
		for _, c := range cs {
			var d *Device
			if d, err = Open(c); err != nil {
				return
			}
			ds = append(ds, d)
		}
	})
	t.Cleanup(func() {
		for _, d := range ds {
			d.Close()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// openTapPair opens two tap devices whose interfaces a bridge joins, so
// what one writes the other reads.
func openTapPair(t testing.TB) (*Device, *Device, *netnstest.LAN) {
	t.Helper()
	host := newBridge(t)
	ds := openIn(t, host, Config{Tap: true, Iface: "tapa"}, Config{Tap: true, Iface: "tapb"})
	join(host, "tapa", "tapb")
	return ds[0], ds[1], host
}

func TestConformanceOverABridge(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) {
		a, b, _ := openTapPair(t)
		return a, b
	})
}

// echoRequest is an Ethernet frame (type IPv4) holding an ICMP echo
// request from src to dst.
func echoRequest(src, dst string, seq uint16) []byte {
	icmp := []byte{8, 0, 0, 0, 0x12, 0x34, byte(seq >> 8), byte(seq)}
	icmp = append(icmp, "meshlua"...)
	binary.BigEndian.PutUint16(icmp[2:], checksum(icmp))
	ip := []byte{0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 1, 0, 0}
	binary.BigEndian.PutUint16(ip[2:], uint16(20+len(icmp)))
	ip = append(append(ip, net.ParseIP(src).To4()...), net.ParseIP(dst).To4()...)
	binary.BigEndian.PutUint16(ip[10:], checksum(ip))
	eth := []byte{2, 0x74, 0x75, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00}
	return append(append(eth, ip...), icmp...)
}

func checksum(b []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return ^uint16(sum)
}

// readUntil reads frames from d until one satisfies want, or fails after
// a few seconds.
func readUntil(t *testing.T, d *Device, want func([]byte) bool) []byte {
	t.Helper()
	found := make(chan []byte, 1)
	go func() {
		bufs := [][]byte{make([]byte, runtime.Headroom+runtime.MaxFrame)}
		sizes := []int{0}
		for {
			if _, err := d.Read(bufs, sizes, runtime.Headroom); err != nil {
				found <- nil
				return
			}
			if f := bufs[0][runtime.Headroom : runtime.Headroom+sizes[0]]; want(f) {
				found <- append([]byte(nil), f...)
				return
			}
		}
	}()
	select {
	case f := <-found:
		if f == nil {
			t.Fatal("the device closed before the frame came")
		}
		return f
	case <-time.After(5 * time.Second):
		d.Close()
		t.Fatal("the frame never came")
		return nil
	}
}

func TestTunGivesTheKernelPacketsAndFramesTheReplies(t *testing.T) {
	host := netnstest.NewHost(t)
	d := openIn(t, host, Config{Iface: "tun0", Addr: netip.MustParsePrefix("10.9.0.1/24")})[0]
	src := runtime.MAC{2, 0, 0, 0, 0, 2}
	arp := runtime.NewFrame(runtime.Broadcast, src, 0x0806, make([]byte, 28)).Bytes()
	mesh := runtime.NewFrame(runtime.Broadcast, src, runtime.EtherType, []byte("mesh")).Bytes()
	notIP := runtime.NewFrame(runtime.Broadcast, src, TypeIPv4, []byte{0x50, 0, 0, 0}).Bytes()
	n, err := d.Write([][]byte{arp, echoRequest("10.9.0.2", "10.9.0.1", 7), mesh, notIP}, 0)
	if n != 1 || err == nil {
		t.Errorf("Write wrote %d frames (%v), want 1 and the kernel's refusal of the last", n, err)
	}
	reply := readUntil(t, d, func(f []byte) bool {
		_, _, etherType, _ := runtime.Header(f)
		return len(f) >= 34+8 && etherType == TypeIPv4 && f[14+9] == 1 && f[34] == 0
	})
	mac := tunMAC("tun0")
	if dst, src, _, _ := runtime.Header(reply); dst != runtime.Broadcast || src != mac {
		t.Errorf("the reply's header: %x, want broadcast from %x", reply[:runtime.HeaderLen], mac)
	}
	if src, dst := net.IP(reply[26:30]).String(), net.IP(reply[30:34]).String(); src != "10.9.0.1" || dst != "10.9.0.2" {
		t.Errorf("the reply goes from %s to %s", src, dst)
	}
	if seq := binary.BigEndian.Uint16(reply[40:]); seq != 7 || !bytes.HasSuffix(reply, []byte("meshlua")) {
		t.Errorf("the reply has seq %d and payload %q", seq, reply[42:])
	}
	s := d.Stats()
	if s.TxDropped[runtime.DevNotIP] != 2 || s.Rejected.Total() != 0 || s.TxFrames != 1 || s.TxErrors != 1 || s.RxFrames < 1 {
		t.Errorf("stats: %+v; want 2 not_ip dropped, 1 frame written, 1 refused, the reply read", s)
	}
	devtest.CheckStats(t, s)
}

func TestTheInterfaceHasItsAddressMTUAndIsUp(t *testing.T) {
	host := netnstest.NewHost(t)
	for _, c := range []Config{
		{Iface: "tun1", Addr: netip.MustParsePrefix("10.9.1.1/24"), MTU: 1400},
		{Tap: true, Iface: "tap1", Addr: netip.MustParsePrefix("10.9.2.1/16")},
		{Tap: true, Iface: "tap2"},
	} {
		d := openIn(t, host, c)[0]
		var ifi *net.Interface
		var addrs []net.Addr
		host.In(1, func() {
			ifi, _ = net.InterfaceByName(c.Iface)
			if ifi != nil {
				addrs, _ = ifi.Addrs()
			}
		})
		if ifi == nil || ifi.Flags&net.FlagUp == 0 {
			t.Errorf("%s: not there, or down: %v", c.Iface, ifi)
			continue
		}
		want := 1500
		if c.MTU > 0 {
			want = c.MTU
		}
		if ifi.MTU != want || d.MTU() != want {
			t.Errorf("%s: MTU %d, the device says %d, want %d", c.Iface, ifi.MTU, d.MTU(), want)
		}
		var v4 []string
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil {
				v4 = append(v4, a.String())
			}
		}
		if got := strings.Join(v4, " "); c.Addr.IsValid() && got != c.Addr.String() || !c.Addr.IsValid() && got != "" {
			t.Errorf("%s: IPv4 addresses %q, want %v", c.Iface, got, c.Addr)
		}
	}
}

func TestMalformedInputIsCountedNeverReturned(t *testing.T) {
	tun := &Device{mac: tunMAC("x")}
	tap := &Device{tap: true}
	buf := make([]byte, 100)
	for _, c := range []struct {
		d    *Device
		data []byte
		ok   bool
		why  runtime.DeviceReason // when not ok
	}{
		{tun, []byte{0x45, 0}, true, 0},
		{tun, []byte{0x60, 0}, true, 0},
		{tun, []byte{0x50, 0}, false, runtime.DevMalformed},
		{tun, nil, false, runtime.DevMalformed},
		{tun, make([]byte, 90), false, runtime.DevTruncated}, // 14 + 90 bytes: more than the buffer held
		{tap, make([]byte, 14), true, 0},
		{tap, make([]byte, 13), false, runtime.DevMalformed},
		{tap, make([]byte, 101), false, runtime.DevTruncated},
	} {
		copy(buf[c.d.header():], c.data)
		size, why, ok := c.d.frame(buf, len(c.data))
		if ok != c.ok || ok && size != c.d.header()+len(c.data) || !ok && why != c.why {
			t.Errorf("tap=%v %x: %d, %v, %v", c.d.tap, c.data, size, why, ok)
		}
	}
	if _, ok := tun.packet(runtime.NewFrame(runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 2}, TypeIPv6, nil).Bytes()); ok {
		t.Error("a tun device must not write an empty packet")
	}
}

func TestNamesAndAddresses(t *testing.T) {
	for link, want := range map[string]string{"lan": "ml-lan", "a b/c:d": "ml-a_b_c_d", "a-very-long-link-name": "ml-a-very-long-"} {
		if got := DefaultIface(link); got != want {
			t.Errorf("DefaultIface(%q) = %q, want %q", link, got, want)
		}
	}
	if a, b := tunMAC("ml-lan"), tunMAC("ml-wan"); a == b || a[0] != 0x02 || a[1] != 0x74 || a[2] != 0x75 {
		t.Errorf("tunMAC: %x and %x", a, b)
	}
}

func TestBadSettingsSayWhatToDo(t *testing.T) {
	host := netnstest.NewHost(t)
	openIn(t, host, Config{Tap: true, Iface: "taken"})
	for _, c := range []struct {
		tap  bool
		opts map[string]any
		want string
	}{
		{false, map[string]any{"addr": "10.9.0.1"}, `tun link: option addr: want ADDRESS/PREFIX such as 10.9.0.1/24, got "10.9.0.1"`},
		{true, map[string]any{"addr": "fe80::1/64"}, `tap link: option addr: want ADDRESS/PREFIX`},
		{false, map[string]any{"iface": "far-too-long-a-name"}, `option iface: want an interface name of 1 to 15 bytes`},
		{false, map[string]any{"iface": "a/b"}, `option iface: want an interface name`},
		{false, map[string]any{"mtu": 20.0}, `option mtu: want a whole number from 68 to 9000`},
		{true, map[string]any{"iface": "taken"}, `tap link: interface "taken" already exists; choose another name with iface=, or remove it (ip link del taken)`},
		{true, map[string]any{"iface": "lo"}, `interface "lo" already exists`},
	} {
		var d runtime.Device
		var err error
		host.In(1, func() { d, err = open("l", c.tap, c.opts) })
		if d != nil {
			d.Close()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.opts, err, c.want)
		}
	}
}

func TestCloseRemovesTheInterface(t *testing.T) {
	host := netnstest.NewHost(t)
	d := openIn(t, host, Config{Iface: "gone"})[0]
	d.Close()
	var err error
	host.In(1, func() { _, err = net.InterfaceByName("gone") })
	if err == nil {
		t.Error("the interface is still there after Close")
	}
	if _, err := d.Write([][]byte{echoRequest("10.9.0.2", "10.9.0.1", 1)}, 0); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
}

func TestWithoutCapNetAdminTheErrorSaysWhatToDo(t *testing.T) {
	if _, err := os.Stat("/dev/net/tun"); err != nil && os.Getenv("CI") != "true" {
		t.Skipf("needs /dev/net/tun: %v; skipping", err)
	}
	// Capabilities belong to a thread: drop CAP_NET_ADMIN from this one's
	// effective set while it opens, then take it back.
	goruntime.LockOSThread()
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var caps [2]unix.CapUserData
	if err := unix.Capget(&hdr, &caps[0]); err != nil {
		t.Fatal(err)
	}
	had := caps[0].Effective
	caps[0].Effective &^= 1 << unix.CAP_NET_ADMIN
	if err := unix.Capset(&hdr, &caps[0]); err != nil {
		t.Fatal(err)
	}
	d, err := open("l", true, nil)
	caps[0].Effective = had
	if err := unix.Capset(&hdr, &caps[0]); err != nil {
		t.Fatal(err) // the thread stays locked, so it ends with the test
	}
	goruntime.UnlockOSThread()
	if d != nil {
		d.Close()
	}
	if want := "tap link: making an interface needs root or CAP_NET_ADMIN: run meshlua as root, or give it the capability (setcap cap_net_admin+ep meshlua)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
