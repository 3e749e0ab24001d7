package capture

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/pcapgo"
)

// record is a frame read back from a capture, with its interface's name.
type record struct {
	intf string
	ci   gopacket.CaptureInfo
	data []byte
}

// packetReader is what pcapgo's pcap and pcapng readers have in common.
type packetReader interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// readCapture reads the pcap or pcapng file at path with gopacket's
// readers, failing the test unless it reads to its end (a file cut inside
// a record does not).
func readCapture(t *testing.T, path string) []record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r packetReader
	var ng *pcapgo.NgReader
	if strings.HasSuffix(path, ".pcapng") {
		ng, err = pcapgo.NewNgReader(f, pcapgo.DefaultNgReaderOptions)
		r = ng
	} else {
		r, err = pcapgo.NewReader(f)
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []record
	for {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: record %d: %v", path, len(out)+1, err)
		}
		rec := record{ci: ci, data: data}
		if ng != nil {
			intf, err := ng.Interface(ci.InterfaceIndex)
			if err != nil {
				t.Fatal(err)
			}
			rec.intf = intf.Name
		}
		out = append(out, rec)
	}
}
