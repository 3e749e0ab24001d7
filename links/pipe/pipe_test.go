package pipe

import (
	"testing"

	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

func TestConformance(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) {
		a, b := New(1500)
		t.Cleanup(func() { a.Close(); b.Close() })
		return a, b
	})
}

// TestFramesNotSentAreCounted writes a frame above the MTU, a write error,
// and more frames than the other end's queue holds, dropped as queue_full.
func TestFramesNotSentAreCounted(t *testing.T) {
	a, b := New(100)
	defer a.Close()
	defer b.Close()
	frames := [][]byte{make([]byte, runtime.HeaderLen+101)}
	for range queueLen + 1 {
		frames = append(frames, make([]byte, runtime.HeaderLen+100))
	}
	if n, err := a.Write(frames, 0); n != queueLen || err != errTooBig {
		t.Fatalf("wrote %d frames (%v), want %d and %v", n, err, queueLen, errTooBig)
	}
	s := a.Stats()
	want := runtime.DeviceDrops{runtime.DevQueueFull: 1}
	if s.TxDropped != want || s.TxErrors != 1 || s.TxFrames != queueLen {
		t.Errorf("wrote %d, refused %d, dropped %v; want %d written, 1 refused, dropped %v",
			s.TxFrames, s.TxErrors, s.TxDropped.Map(), queueLen, want.Map())
	}
	devtest.CheckStats(t, s)
}
