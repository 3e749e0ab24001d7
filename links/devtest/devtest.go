// Package devtest is the conformance suite every device driver passes: Run
// checks the runtime.Device contract on a pair of devices that reach each
// other.
package devtest

import (
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Opener returns two devices that reach each other: frames written to a
// are read from b and the other way round. The test closes them.
type Opener func(t *testing.T) (a, b runtime.Device)

// frame builds an Ethernet frame with a payload of n bytes, marked with id.
func frame(id, n int) []byte {
	f := make([]byte, runtime.HeaderLen+n)
	runtime.PutHeader(f, runtime.Broadcast, runtime.MAC{0x02, 0xde, 0xad, 0xbe, 0xef, byte(id)}, runtime.EtherType)
	for i := range n {
		f[runtime.HeaderLen+i] = byte(id + i)
	}
	return f
}

// reader collects frames read from d in the background.
type reader struct {
	frames chan []byte
	done   chan error
}

func startReader(d runtime.Device, offset int) *reader {
	r := &reader{frames: make(chan []byte, 4096), done: make(chan error, 1)}
	go func() {
		n := max(d.BatchSize(), 1)
		bufs := make([][]byte, n)
		sizes := make([]int, n)
		for i := range bufs {
			bufs[i] = make([]byte, offset+runtime.MaxFrame)
		}
		for {
			got, err := d.Read(bufs, sizes, offset)
			if got > len(bufs) {
				r.done <- fmt.Errorf("the device read %d frames into %d buffers", got, len(bufs))
				return
			}
			for i := 0; i < got; i++ {
				r.frames <- append([]byte(nil), bufs[i][offset:offset+sizes[i]]...)
			}
			if err != nil {
				r.done <- err
				return
			}
		}
	}()
	return r
}

// expect waits for want frames (in any order of arrival, but each once).
func (r *reader) expect(t *testing.T, want [][]byte) {
	t.Helper()
	pending := map[string]int{}
	for _, w := range want {
		pending[string(w)]++
	}
	deadline := time.After(5 * time.Second)
	for left := len(want); left > 0; {
		select {
		case f := <-r.frames:
			if pending[string(f)] == 0 {
				continue // other traffic on a shared medium, or a frame of an earlier step
			}
			pending[string(f)]--
			left--
		case err := <-r.done:
			t.Fatalf("Read failed with %d frames missing: %v", left, err)
		case <-deadline:
			t.Fatalf("%d of %d frames did not arrive", left, len(want))
		}
	}
}

func write(t *testing.T, d runtime.Device, frames [][]byte, offset int) {
	t.Helper()
	for len(frames) > 0 {
		n := min(len(frames), max(d.BatchSize(), 1))
		bufs := make([][]byte, n)
		for i := range bufs {
			bufs[i] = append(make([]byte, offset), frames[i]...)
		}
		wrote, err := d.Write(bufs, offset)
		if err != nil || wrote != n {
			t.Fatalf("Write of %d frames wrote %d: %v", n, wrote, err)
		}
		frames = frames[n:]
	}
}

// Run runs the conformance suite.
func Run(t *testing.T, open Opener) {
	t.Run("FramesCrossBothWaysIntact", func(t *testing.T) {
		a, b := open(t)
		ra, rb := startReader(a, runtime.Headroom), startReader(b, runtime.Headroom)
		toB := [][]byte{frame(1, 0), frame(2, 46), frame(3, 1000), frame(4, b.MTU())}
		toA := [][]byte{frame(5, 10), frame(6, a.MTU())}
		write(t, a, toB, runtime.Headroom)
		write(t, b, toA, runtime.Headroom)
		rb.expect(t, toB)
		ra.expect(t, toA)
	})
	t.Run("BatchesAndOffsets", func(t *testing.T) {
		a, b := open(t)
		rb := startReader(b, 3)
		var many [][]byte
		for i := 0; i < 3*max(a.BatchSize(), 1)+1; i++ {
			many = append(many, frame(i, 60+i))
		}
		write(t, a, many, 7)
		rb.expect(t, many)
	})
	t.Run("Counters", func(t *testing.T) {
		a, b := open(t)
		rb := startReader(b, runtime.Headroom)
		sent := [][]byte{frame(1, 100), frame(2, 200)}
		write(t, a, sent, runtime.Headroom)
		rb.expect(t, sent)
		if s := a.Stats(); s.TxFrames < 2 || s.TxBytes < uint64(len(sent[0])+len(sent[1])) {
			t.Errorf("the writer counted %d frames, %d bytes", s.TxFrames, s.TxBytes)
		}
		if s := b.Stats(); s.RxFrames < 2 || s.RxBytes < uint64(len(sent[0])+len(sent[1])) {
			t.Errorf("the reader counted %d frames, %d bytes", s.RxFrames, s.RxBytes)
		}
		s := a.Stats()
		if s.TxErrors != 0 || s.TxDropped.Total() != 0 || s.TxFrames > uint64(len(sent)) {
			t.Errorf("the writer wrote %d frames, refused %d and dropped %v; want the %d it was given written",
				s.TxFrames, s.TxErrors, s.TxDropped.Map(), len(sent))
		}
		CheckStats(t, a.Stats())
		CheckStats(t, b.Stats())
	})
	t.Run("CloseEndsRead", func(t *testing.T) {
		a, _ := open(t)
		if a.MTU() < 1 || a.BatchSize() < 1 {
			t.Errorf("MTU %d, BatchSize %d: both must be positive", a.MTU(), a.BatchSize())
		}
		r := startReader(a, 0)
		time.Sleep(20 * time.Millisecond)
		if err := a.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		select {
		case err := <-r.done:
			if !errors.Is(err, net.ErrClosed) {
				t.Errorf("Read after Close returned %v, want net.ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close did not end a blocked Read")
		}
		if _, err := a.Write([][]byte{frame(1, 1)}, 0); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Write after Close returned %v, want net.ErrClosed", err)
		}
	})
}

// CheckStats fails the test if s counts a frame under a reason of the
// wrong side: input refused under one that is not for input
// (runtime.DeviceReason.Rx), or a frame not sent under one that is not for
// frames not sent (Tx).
func CheckStats(t testing.TB, s runtime.DeviceStats) {
	t.Helper()
	for r := runtime.DeviceReason(0); r < runtime.NumDeviceReasons; r++ {
		if s.Rejected[r] != 0 && !r.Rx() {
			t.Errorf("%d frames of input refused as %v, a reason for frames not sent", s.Rejected[r], r)
		}
		if s.TxDropped[r] != 0 && !r.Tx() {
			t.Errorf("%d frames not sent as %v, a reason for input refused", s.TxDropped[r], r)
		}
	}
}

// ReadInBackground reads one frame from d (at offset 0) and sends it on
// the channel it returns, which closes without a frame if Read fails.
func ReadInBackground(d runtime.Device) <-chan []byte {
	got := make(chan []byte, 1)
	go func() {
		bufs, sizes := [][]byte{make([]byte, runtime.MaxFrame)}, []int{0}
		if n, err := d.Read(bufs, sizes, 0); n == 1 && err == nil {
			got <- bufs[0][:sizes[0]]
		}
		close(got)
	}()
	return got
}

// ReadOne reads one frame from d, failing the test after five seconds
// (and closing d, which ends the read).
func ReadOne(t testing.TB, d runtime.Device) []byte {
	t.Helper()
	select {
	case f := <-ReadInBackground(d):
		return f
	case <-time.After(5 * time.Second):
		d.Close()
		t.Fatalf("no frame came; rejected so far: %v", d.Stats().Rejected.Map())
	}
	return nil
}
