package udp

import (
	"math/rand/v2"
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

func TestWindowTakesEachSequenceOnceWithinItsReach(t *testing.T) {
	var w window
	// A burst in any order within the window: each once.
	seqs := rand.New(rand.NewPCG(1, 2)).Perm(windowSize)
	for _, s := range seqs {
		if err := w.check(uint64(s) + 1); err != nil {
			t.Fatalf("sequence %d, the first time: %v", s+1, err)
		}
	}
	for _, s := range seqs {
		if err := w.check(uint64(s) + 1); err != errReplayed {
			t.Fatalf("sequence %d again: %v, want replayed", s+1, err)
		}
	}
	// Far ahead: everything behind the reach is too old, what is within it
	// and new passes, even across the ring's wrap.
	for _, c := range []struct {
		seq  uint64
		want error
	}{
		{1 << 40, nil}, {1 << 40, errReplayed}, {1<<40 - windowSize, nil}, {1<<40 - windowSize - 1, errTooOld},
		{5, errTooOld}, {1<<40 + 1, nil}, {1<<40 - 1, nil}, {1<<40 + 3*windowSize, nil},
		{1<<40 + 2*windowSize - 1, errTooOld}, {1<<40 + 3*windowSize - 64, nil}, {1<<40 + 3*windowSize - 64, errReplayed},
		{^uint64(0), nil}, {^uint64(0), errReplayed}, {^uint64(0) - 1, nil},
	} {
		if err := w.check(c.seq); err != c.want {
			t.Errorf("sequence %#x after newest %#x: %v, want %v", c.seq, w.newest, err, c.want)
		}
	}
}

func TestSendersAreBoundedAndForgetTheLeastRecentlyHeard(t *testing.T) {
	s := newSenders(3)
	for id := uint64(1); id <= 3; id++ {
		if err := s.window(id).check(7); err != nil {
			t.Fatal(err)
		}
	}
	s.window(1)                                  // 1 is heard again: 2 is the least recent
	if err := s.window(4).check(7); err != nil { // 2 gives way
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   uint64
		want error
	}{{1, errReplayed}, {3, errReplayed}, {4, errReplayed}, {2, nil}} {
		if err := s.window(c.id).check(7); err != c.want {
			t.Errorf("sender %d, sequence 7 again: %v, want %v", c.id, err, c.want)
		}
	}
	if len(s.index) != 3 || len(s.list) != 3 {
		t.Errorf("%d senders known in %d entries, want at most 3", len(s.index), len(s.list))
	}
	// A flood of new ids keeps to the bound.
	for id := uint64(100); id < 10100; id++ {
		s.window(id).check(1)
	}
	if len(s.index) != 3 || len(s.list) != 3 {
		t.Errorf("after a flood: %d senders known in %d entries", len(s.index), len(s.list))
	}
	for id := uint64(10097); id < 10100; id++ {
		if _, ok := s.index[id]; !ok {
			t.Errorf("sender %d, among the last three heard, is forgotten", id)
		}
	}
}

func TestSendersAllocateNothingForAKnownSender(t *testing.T) {
	s := newSenders(maxSenders)
	for id := uint64(0); id < maxSenders; id++ {
		s.window(id)
	}
	seq := uint64(0)
	allocs := testing.AllocsPerRun(1000, func() {
		seq++
		s.window(seq % maxSenders).check(seq)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per datagram of a known sender", allocs)
	}
}

func TestOpeningAKeyedDatagramAllocatesNothing(t *testing.T) {
	for _, encrypt := range []bool{true, false} {
		c := Config{Network: "n", Key: "k", Encrypt: encrypt}
		d, peer := closedDevice(t, c), closedDevice(t, c)
		const runs = 1000
		dgs := make([][]byte, runs+1) // AllocsPerRun runs once more to warm up
		for i := range dgs {
			dgs[i] = datagram(peer, testFrame("payload"), func(b []byte) []byte { return b })
		}
		dst := make([]byte, runtime.MaxFrame)
		i := 0
		allocs := testing.AllocsPerRun(runs, func() {
			if _, _, err := d.open(dgs[i], dst); err != nil {
				t.Fatal(err)
			}
			i++
		})
		if allocs != 0 {
			t.Errorf("encrypt=%v: %v allocations per datagram", encrypt, allocs)
		}
	}
}
