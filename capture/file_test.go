package capture

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// testFrame is a frame of a payload of n bytes.
func testFrame(n int) *runtime.Frame {
	return runtime.NewFrame(runtime.MAC{2, 0, 0, 0, 0, 1}, runtime.MAC{2, 0, 0, 0, 0, 2}, runtime.EtherType, make([]byte, n))
}

func TestFilesEndOnARecordBoundaryBeforeTheyAreClosed(t *testing.T) {
	for _, name := range []string{"c.pcap", "c.pcapng"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			c, tap, err := Create(path, "lan", NewLimit(0))
			if err != nil {
				t.Fatal(err)
			}
			f := testFrame(977) // records do not divide the buffer
			defer runtime.PutFrame(f)
			const frames = 1000 // about 1 MB: the buffer is written out several times
			for i := range frames {
				tap.Tap(time.Duration(i)*time.Millisecond+time.Microsecond, f)
			}
			// Not flushed: the file holds the records written so far, each whole.
			if early := len(readCapture(t, path)); early == 0 || early >= frames {
				t.Errorf("before Close the file holds %d whole records, want some of %d", early, frames)
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			records := readCapture(t, path)
			if len(records) != frames {
				t.Fatalf("after Close the file holds %d records, want %d", len(records), frames)
			}
			last := records[frames-1]
			if string(last.data) != string(f.Bytes()) {
				t.Errorf("the last record is not the frame")
			}
			if want := time.Unix(0, int64((frames-1)*time.Millisecond+time.Microsecond)); !last.ci.Timestamp.Equal(want) {
				t.Errorf("the last record is stamped %v, want the network time from the epoch, %v", last.ci.Timestamp.UTC(), want.UTC())
			}
			if strings.HasSuffix(name, ".pcapng") && last.intf != "lan" {
				t.Errorf("the interface is called %q, want lan", last.intf)
			}
		})
	}
}

func TestTheLimitStopsTheCaptureOnceAtIt(t *testing.T) {
	for _, name := range []string{"c.pcap", "c.pcapng"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			const max = 100_000
			lim := NewLimit(max)
			var calls []time.Duration
			lim.Reached = func(t time.Duration) { calls = append(calls, t) }
			c, tap, err := Create(path, "lan", lim)
			if err != nil {
				t.Fatal(err)
			}
			f := testFrame(500)
			defer runtime.PutFrame(f)
			for i := range 1000 { // about 500 KB offered
				tap.Tap(time.Duration(i)*time.Second, f)
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			records := readCapture(t, path)
			recordSize := (fi.Size() - headerSize(t, name)) / int64(len(records))
			if fi.Size() > max || fi.Size()+recordSize <= max {
				t.Errorf("the file holds %d bytes, want the most whole records that fit in %d (records of %d bytes)", fi.Size(), max, recordSize)
			}
			if len(calls) != 1 || calls[0] != time.Duration(len(records))*time.Second {
				t.Errorf("Reached was called at %v, want once, at the first record left out (%v)", calls, time.Duration(len(records))*time.Second)
			}
		})
	}
}

// headerSize is the size of a capture that holds no record yet.
func headerSize(t *testing.T, name string) int64 {
	path := filepath.Join(t.TempDir(), name)
	c, _, err := Create(path, "lan", NewLimit(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestWriteErrorsAreReported(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	_, _, err := Create("/dev/full", "lan", NewLimit(0))
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("a capture on a full device: %v, want the write error", err)
	}
	c, err := CreatePcapng("/dev/full", NewLimit(0))
	if err != nil {
		t.Fatal(err)
	}
	tap := c.AddInterface("lan")
	f := testFrame(1000)
	defer runtime.PutFrame(f)
	for range 100 {
		tap.Tap(0, f)
	}
	if err := c.Close(); err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("closing a pcapng capture on a full device: %v, want the write error", err)
	}
}

// newTap is the tap of a pcapng capture in a temporary folder, and a
// frame of 100 bytes to give it.
func newTap(tb testing.TB) (*Interface, *runtime.Frame) {
	c, err := CreatePcapng(filepath.Join(tb.TempDir(), "c.pcapng"), NewLimit(0))
	if err != nil {
		tb.Fatal(err)
	}
	f := testFrame(100)
	tb.Cleanup(func() { c.Close(); runtime.PutFrame(f) })
	return c.AddInterface("lan"), f
}

func TestATapAllocatesNothing(t *testing.T) {
	tap, f := newTap(t)
	if n := testing.AllocsPerRun(10000, func() { tap.Tap(time.Second, f) }); n != 0 {
		t.Errorf("a tap allocates %v times per frame, want 0", n)
	}
}

// BenchmarkTap measures writing one frame of 100 bytes to a pcapng
// capture, the file's writes included.
func BenchmarkTap(b *testing.B) {
	tap, f := newTap(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tap.Tap(time.Duration(i), f)
	}
}
