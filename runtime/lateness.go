package runtime

import (
	"math/bits"
	"time"
)

// Lateness sums up how much later than asked a link's frames left it in
// real time: a frame should leave when it entered plus its queueing,
// serialisation and delay, and leaves when the scheduler gets to it. In
// virtual time frames are never late, and it stays zero.
type Lateness struct {
	Frames uint64        // frames measured
	Median time.Duration // half the frames were at most this late
	P99    time.Duration // 99 in 100 frames were at most this late
	Max    time.Duration // the latest frame
}

// The histogram's buckets: lateness below lateExact nanoseconds has a
// bucket per nanosecond, and every power of two above it lateSub buckets,
// so a bucket is at most a sixteenth of its value wide; lateness of
// lateCap or more counts in the last bucket.
const (
	lateSubBits = 3
	lateSub     = 1 << lateSubBits
	lateExact   = 2 * lateSub
	lateCap     = 1 << 40 // about 18 minutes
	lateBuckets = lateExact + (40-lateSubBits-1)*lateSub
)

// lateHistogram counts a link's frames by lateness in buckets of fixed
// relative width: recording costs a few instructions and no allocation.
type lateHistogram struct {
	counts [lateBuckets]uint64
	frames uint64
	max    time.Duration
}

// lateBucket is the bucket of lateness v.
func lateBucket(v time.Duration) int {
	if v < lateExact {
		return int(max(v, 0))
	}
	u := uint64(min(v, lateCap-1))
	e := bits.Len64(u) - 1 // u's leading one
	return lateExact + (e-lateSubBits-1)*lateSub + int(u>>(e-lateSubBits)&(lateSub-1))
}

// lateMiddle is the middle of bucket i, which stands for its lateness.
func lateMiddle(i int) time.Duration {
	if i < lateExact {
		return time.Duration(i)
	}
	e := (i-lateExact)/lateSub + lateSubBits + 1
	low := uint64(lateSub+(i-lateExact)%lateSub) << (e - lateSubBits)
	return time.Duration(low + 1<<(e-lateSubBits)/2)
}

// record counts n frames that left late by late.
func (h *lateHistogram) record(late time.Duration, n int) {
	late = max(late, 0)
	h.counts[lateBucket(late)] += uint64(n)
	h.frames += uint64(n)
	h.max = max(h.max, late)
}

// quantile is the lateness that a fraction q of the frames did not
// exceed, to a bucket's width and never above the maximum.
func (h *lateHistogram) quantile(q float64) time.Duration {
	rank := uint64(q*float64(h.frames) + 0.5)
	rank = max(rank, 1)
	var seen uint64
	for i, c := range h.counts {
		if seen += c; seen >= rank {
			return min(lateMiddle(i), h.max)
		}
	}
	return h.max
}

// summary is the histogram's Lateness.
func (h *lateHistogram) summary() Lateness {
	if h == nil || h.frames == 0 {
		return Lateness{}
	}
	return Lateness{Frames: h.frames, Median: h.quantile(0.5), P99: h.quantile(0.99), Max: h.max}
}
