package udp

import (
	"bytes"
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

// FuzzDatagram passes any datagram to a keyed and an unkeyed device: they
// never panic, a header that parses writes back to the same header, the
// unkeyed device takes exactly the well-formed datagrams of its network,
// and the keyed one takes none twice.
func FuzzDatagram(f *testing.F) {
	keyed := closedDevice(f, Config{Network: "n", Key: "k", Encrypt: true})
	plain := closedDevice(f, Config{Network: "n"})
	peer := closedDevice(f, Config{Network: "n", Key: "k", Encrypt: true})
	same := func(b []byte) []byte { return b }
	f.Add(datagram(peer, testFrame("sealed"), same))
	f.Add(datagram(plain, testFrame("plain"), func(b []byte) []byte { b[16] ^= 1; return b }))
	f.Add([]byte("MLUA"))
	taken := make(map[string]bool) // by the keyed device
	dst := make([]byte, runtime.MaxFrame+tagLen)
	f.Fuzz(func(t *testing.T, dg []byte) {
		if h, err := parseHeader(dg); err == nil {
			back := make([]byte, headerLen)
			h.put(back)
			if again, err := parseHeader(back); err != nil || again != h {
				t.Fatalf("header %+v wrote %x, read back as %+v, %v", h, back, again, err)
			}
		}
		_, n, err := plain.open(dg, dst)
		wellFormed := len(dg) >= headerLen+runtime.HeaderLen && len(dg) <= headerLen+runtime.MaxFrame &&
			[4]byte(dg[:4]) == magic && dg[4] == version && dg[5]&flagKeyed == 0 && dg[6] == typeFrame
		if wellFormed {
			h, _ := parseHeader(dg)
			wellFormed = h.network == plain.network && h.sender != plain.sender.Load()
		}
		if (err == nil) != wellFormed || err == nil && !bytes.Equal(dst[:n], dg[headerLen:]) {
			t.Fatalf("the unkeyed device took %d bytes, %v, of a datagram well formed: %v", n, err, wellFormed)
		}
		if _, n, err := keyed.open(dg, dst); err == nil {
			if taken[string(dg)] || n < runtime.HeaderLen || n > runtime.MaxFrame {
				t.Fatalf("the keyed device took a frame of %d bytes, again: %v", n, taken[string(dg)])
			}
			taken[string(dg)] = true
		}
	})
}

// FuzzSealOpen seals a frame and changes one byte of the datagram: the
// datagram unchanged opens to the frame, changed it never opens.
func FuzzSealOpen(f *testing.F) {
	rx, tx := map[bool]*Device{}, map[bool]*Device{}
	for _, encrypt := range []bool{true, false} {
		c := Config{Network: "n", Key: "k", Encrypt: encrypt}
		rx[encrypt], tx[encrypt] = closedDevice(f, c), closedDevice(f, c)
	}
	f.Add(testFrame("hello"), true, uint16(0), byte(0))
	f.Add(testFrame("hello"), false, uint16(40), byte(1))
	f.Add(testFrame(""), true, uint16(6), byte(0x80))
	buf := make([]byte, headerLen+runtime.MaxFrame+tagLen)
	dst := make([]byte, runtime.MaxFrame+tagLen)
	f.Fuzz(func(t *testing.T, frame []byte, encrypt bool, at uint16, flip byte) {
		if len(frame) > runtime.MaxFrame {
			return
		}
		dg := tx[encrypt].seal(buf, frame)
		changed := flip != 0 && int(at) < len(dg)
		if changed {
			dg[at] ^= flip
		}
		_, n, err := rx[encrypt].open(dg, dst)
		switch {
		case changed && err == nil:
			t.Fatalf("a datagram with byte %d changed opened to %x", at, dst[:n])
		case !changed && len(frame) >= runtime.HeaderLen && (err != nil || !bytes.Equal(dst[:n], frame)):
			t.Fatalf("a sealed frame of %d bytes opened to %d bytes, %v", len(frame), n, err)
		case !changed && len(frame) < runtime.HeaderLen && err != errMalformed:
			t.Fatalf("a sealed frame of %d bytes, shorter than a header: %v", len(frame), err)
		}
	})
}
