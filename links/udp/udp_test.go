package udp

import (
	"bytes"
	"net"
	"strings"
	"testing"

	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

// freePort finds a UDP port nobody uses now.
func freePort(t testing.TB) int {
	t.Helper()
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// pair opens two devices of one segment on the loopback interface, whose
// broadcast address 127.255.255.255 reaches every socket on the port.
func pair(t testing.TB, a, b Config) (*Device, *Device) {
	t.Helper()
	port := freePort(t)
	a.Port, b.Port, a.Iface, b.Iface = port, port, "lo", "lo"
	da, err := Open(a)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(b)
	if err != nil {
		da.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { da.Close(); db.Close() })
	return da, db
}

func TestConformance(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) {
		return pair(t, Config{Network: "conf"}, Config{Network: "conf"})
	})
}

func TestConformanceWithKey(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) {
		return pair(t, Config{Network: "conf", Key: "k", Encrypt: true}, Config{Network: "conf", Key: "k", Encrypt: true})
	})
}

// stranger sends raw datagrams to the device's port.
func stranger(t *testing.T, port int, datagrams ...[]byte) {
	t.Helper()
	c, err := net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, dg := range datagrams {
		if _, err := c.Write(dg); err != nil {
			t.Fatal(err)
		}
	}
}

func testFrame(payload string) []byte {
	return runtime.NewFrame(runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 1}, runtime.EtherType, []byte(payload)).Bytes()
}

// datagram builds a datagram as dev would, with changes made by edit.
func datagram(dev *Device, frame []byte, edit func(b []byte) []byte) []byte {
	b := dev.seal(make([]byte, headerLen+runtime.MaxFrame+tagLen), frame)
	return edit(append([]byte(nil), b...))
}

// closedDevice is a device used only to build datagrams.
func closedDevice(t testing.TB, c Config) *Device {
	t.Helper()
	c.Port, c.Iface = freePort(t), "lo"
	d, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	return d
}

func TestRejectsWhatIsNotOurs(t *testing.T) {
	port := freePort(t)
	d, err := Open(Config{Port: port, Iface: "lo", Network: "ours", Key: "secret", Encrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	peer := closedDevice(t, Config{Network: "ours", Key: "secret", Encrypt: true})
	other := closedDevice(t, Config{Network: "theirs", Key: "secret", Encrypt: true})
	wrongKey := closedDevice(t, Config{Network: "ours", Key: "guess", Encrypt: true})
	same := func(b []byte) []byte { return b }
	stranger(t, port,
		[]byte("garbage that is long enough to have a header but no magic"),
		[]byte("MLUA"), // truncated
		datagram(peer, testFrame("v2"), func(b []byte) []byte { b[4] = 2; return b }),
		datagram(other, testFrame("theirs"), same),
		datagram(wrongKey, testFrame("forged"), same),
		datagram(peer, testFrame("tampered"), func(b []byte) []byte { b[len(b)-1] ^= 1; return b }),
		datagram(peer, testFrame("unkeyed"), func(b []byte) []byte { b[5] = 0; return b }),
		datagram(d, testFrame("own"), same),
		datagram(peer, testFrame("good"), same),
	)
	if f := devtest.ReadOne(t, d); string(f[runtime.HeaderLen:]) != "good" {
		t.Fatalf("read %q, want the good frame", f)
	}
	want := map[string]uint64{"malformed": 2, "bad_version": 1, "foreign_network": 1, "bad_key": 3, "own": 1}
	got := d.Stats().Rejected.Map()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("rejected %s: %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	devtest.CheckStats(t, d.Stats())
}

func TestEncryptionHidesFramesAndAuthenticationShowsThem(t *testing.T) {
	for _, encrypt := range []bool{true, false} {
		a, b := pair(t, Config{Network: "n", Key: "k", Encrypt: encrypt}, Config{Network: "n", Key: "k", Encrypt: encrypt})
		dg := a.seal(make([]byte, headerLen+runtime.MaxFrame+tagLen), testFrame("top secret payload"))
		visible := bytes.Contains(dg, []byte("top secret payload"))
		if visible == encrypt {
			t.Errorf("encrypt=%v: the payload is visible on the wire: %v", encrypt, visible)
		}
		if _, err := a.Write([][]byte{testFrame("top secret payload")}, 0); err != nil {
			t.Fatal(err)
		}
		if f := devtest.ReadOne(t, b); !bytes.HasSuffix(f, []byte("top secret payload")) {
			t.Errorf("encrypt=%v: the peer with the key read %q", encrypt, f)
		}
	}
}

func TestBadSettingsSayWhatToDo(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Port: 7777, Iface: "nosuch0"}, `there is no interface "nosuch0" (interfaces here: lo`},
		{Config{Port: 80, Iface: "lo"}, ""}, // root may bind low ports
	} {
		d, err := Open(c.cfg)
		if d != nil {
			d.Close()
		}
		if c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: got %v, want %q", c.cfg, err, c.want)
		}
	}
	// A port taken by a socket that does not share it.
	c, err := net.ListenPacket("udp4", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = Open(Config{Port: c.LocalAddr().(*net.UDPAddr).Port, Iface: "lo"})
	if err == nil || !strings.Contains(err.Error(), "is in use by a program that does not share it; choose another port=") {
		t.Errorf("a taken port: %v", err)
	}
}

// TestWriteGoesOnAfterAFailedDatagram makes the system refuse datagrams
// (to port 0) in the middle of a batch: the frames after them are still
// sent, and each refused one counts as a write error.
func TestWriteGoesOnAfterAFailedDatagram(t *testing.T) {
	a, b := pair(t, Config{Network: "w"}, Config{Network: "w"})
	nowhere := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 0}
	frames := [][]byte{testFrame("1"), testFrame("2"), testFrame("3")}
	// The second datagram of every batch goes nowhere: the system sends the
	// first and stops there, and Write takes up the rest.
	a.wmsgs[1].Addr = nowhere
	if n, err := a.Write(frames, 0); n != 3 || err != nil {
		t.Fatalf("wrote %d of 3 frames: %v", n, err)
	}
	for _, want := range frames {
		if got := devtest.ReadOne(t, b); !bytes.Equal(got, want) {
			t.Fatalf("read %q, want %q", got, want)
		}
	}
	// Every frame's datagram goes nowhere: each is refused, and counted.
	a.wmsgs[0].Addr = nowhere
	if n, err := a.Write(frames, 0); n != 0 || err == nil {
		t.Errorf("wrote %d frames to nowhere: %v", n, err)
	}
	if s := a.Stats(); s.TxFrames != 3 || s.TxErrors != 3 {
		t.Errorf("%d frames written, %d refused; want 3 and 3", s.TxFrames, s.TxErrors)
	}
}
