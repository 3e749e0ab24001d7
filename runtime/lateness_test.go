package runtime

import (
	"testing"
	"time"
)

func TestLatenessHistogramQuantiles(t *testing.T) {
	var h lateHistogram
	if s := h.summary(); s != (Lateness{}) {
		t.Errorf("an empty histogram sums up as %+v", s)
	}
	for v := time.Duration(1); v <= 1000; v++ {
		h.record(v*time.Microsecond, 1)
	}
	h.record(3*time.Second, 10)
	s := h.summary()
	near := func(name string, got, want time.Duration) {
		if d := got - want; d < -want/16 || d > want/16 {
			t.Errorf("%s = %v, want %v within a sixteenth", name, got, want)
		}
	}
	near("median", s.Median, 505*time.Microsecond) // 1010 frames: the 505th
	near("p99", s.P99, 990*time.Microsecond)
	if s.Max != 3*time.Second || s.Frames != 1010 {
		t.Errorf("max %v over %d frames, want exactly 3s over 1010", s.Max, s.Frames)
	}
}

func TestLatenessBucketsCoverEveryValueInOrder(t *testing.T) {
	prev := -1
	for v := time.Duration(-5); v < 1<<20; v += 1 + v/64 {
		b := lateBucket(v)
		if b < prev || b >= lateBuckets {
			t.Fatalf("lateness %v falls in bucket %d after %d (of %d)", v, b, prev, lateBuckets)
		}
		if m := lateMiddle(b); v >= 0 && (m-v > v/16+1 || v-m > v/16+1) {
			t.Fatalf("lateness %v is in bucket %d, which stands for %v", v, b, m)
		}
		prev = b
	}
	if b := lateBucket(time.Hour); b != lateBuckets-1 {
		t.Errorf("an hour is in bucket %d, want the last, %d", b, lateBuckets-1)
	}
}

func BenchmarkLatenessRecord(b *testing.B) {
	var h lateHistogram
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.record(time.Duration(i&0xffff)*time.Microsecond, 1)
	}
}
