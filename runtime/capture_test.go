package runtime

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readPcap returns the records of the capture at path, walking their
// headers, and fails the test unless the file ends where a record ends.
func readPcap(t *testing.T, path string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 24 {
		t.Fatalf("%s: %d bytes, shorter than the file header", path, len(b))
	}
	var records [][]byte
	for b = b[24:]; len(b) > 0; {
		if len(b) < 16 || len(b) < 16+int(binary.LittleEndian.Uint32(b[8:])) {
			t.Fatalf("%s: the file ends inside record %d", path, len(records)+1)
		}
		n := 16 + int(binary.LittleEndian.Uint32(b[8:]))
		records = append(records, b[16:n])
		b = b[n:]
	}
	return records
}

func TestPcapFileEndsOnARecordBoundaryBeforeItIsClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.pcap")
	c, err := CreatePcap(path)
	if err != nil {
		t.Fatal(err)
	}
	f := NewFrame(MAC{2, 0, 0, 0, 0, 1}, MAC{2, 0, 0, 0, 0, 2}, 0x88b5, make([]byte, 977)) // records do not divide the buffer
	defer PutFrame(f)
	const frames = 1000 // about 1 MB: the buffer is written out several times
	for i := range frames {
		c.Tap(time.Duration(i)*time.Millisecond, f)
	}
	// Not flushed: the file holds the records written so far, each whole.
	if early := len(readPcap(t, path)); early == 0 || early >= frames {
		t.Errorf("before Close the file holds %d whole records, want some of %d", early, frames)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	records := readPcap(t, path)
	if len(records) != frames || string(records[frames-1]) != string(f.Bytes()) {
		t.Errorf("after Close the file holds %d records, want %d equal to the frame", len(records), frames)
	}
}

func TestPcapReportsWriteErrors(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	_, err := CreatePcap("/dev/full")
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("a capture on a full device: %v, want the write error", err)
	}
}
