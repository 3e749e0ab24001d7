package runtime

import (
	"fmt"
	goruntime "runtime"
	"sync/atomic"
	"testing"
	"time"
)

func TestRealtimeRunsAgainstTheWallClockAndBetweenRuns(t *testing.T) {
	nw := newNet(t, 1)
	l := mustLink(t, nw, "l", Impairments{Delay: time.Millisecond})
	src := &Source{Dst: Broadcast, Size: 64, Interval: 10 * time.Millisecond, Count: 1000}
	mustNode(t, nw, "src", src, l)
	sink := &Sink{}
	mustNode(t, nw, "sink", sink, l)
	nw.Run(25 * time.Millisecond) // virtual: three frames, instantly
	if sink.Frames != 3 {
		t.Fatalf("virtual run delivered %d, want 3", sink.Frames)
	}
	nw.SetRealtime(true)
	defer nw.Close()
	began := time.Now()
	if err := nw.Run(200 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took < 200*time.Millisecond {
		t.Errorf("Run(200ms) in real time returned after %v", took)
	}
	got := sink.Frames
	// 20 expected; a loaded machine fires late (fewer), never early (more).
	if got < 3+1 || got > 3+25 {
		t.Errorf("200ms of wall time at one frame per 10ms delivered %d frames after the first 3", got-3)
	}
	// Released, the network keeps running between Runs: held now and then
	// to look, it moves on by five frames.
	for deadline := time.Now().Add(10 * time.Second); ; {
		nw.Scheduler().Release()
		time.Sleep(5 * time.Millisecond)
		nw.Scheduler().Hold()
		if sink.Frames >= got+5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("between runs the network moved only from %d to %d frames in ten seconds", got, sink.Frames)
		}
	}
	// Back to virtual time, time and pending events carry over.
	nw.SetRealtime(false)
	now := nw.Now()
	before := sink.Frames
	nw.Run(100 * time.Millisecond)
	// Ten periods, and one more if the source's timer was overdue when
	// the clock changed (a loaded machine): it fires at once.
	if n := sink.Frames - before; n < 10 || n > 11 || nw.Now() != now+100*time.Millisecond {
		t.Errorf("back in virtual time: %d frames in 100ms (want 10), clock %v -> %v", n, now, nw.Now())
	}
	checkBalance(t, nw)
}

func TestRealtimeInterrupt(t *testing.T) {
	nw := newNet(t, 1)
	nw.SetRealtime(true)
	defer nw.Close()
	go func() {
		time.Sleep(50 * time.Millisecond)
		nw.Interrupt()
	}()
	began := time.Now()
	if err := nw.Run(time.Hour); err != ErrInterrupted || time.Since(began) > 5*time.Second {
		t.Errorf("Run(1h) interrupted: %v after %v", err, time.Since(began))
	}
}

// busy is a native program that keeps a CPU busy for a while on every
// frame and records how many nodes were busy at once.
type busy struct {
	active, most *atomic.Int32
	got          atomic.Int32
}

func (b *busy) Start(*Node) error { return nil }
func (b *busy) Stop(*Node) error  { return nil }
func (b *busy) Receive(*Node, *Port, *Frame) error {
	now := b.active.Add(1)
	for {
		most := b.most.Load()
		if now <= most || b.most.CompareAndSwap(most, now) {
			break
		}
	}
	for end := time.Now().Add(2 * time.Millisecond); time.Now().Before(end); {
	}
	b.active.Add(-1)
	b.got.Add(1)
	return nil
}

func TestRealtimeNodesRunInParallel(t *testing.T) {
	if goruntime.GOMAXPROCS(0) < 2 {
		t.Skip("needs two CPUs to see nodes run at once")
	}
	nw := newNet(t, 1)
	nw.SetRealtime(true)
	defer nw.Close()
	l := mustLink(t, nw, "l", Impairments{})
	var active, most atomic.Int32
	var progs []*busy
	for i := 0; i < 4; i++ {
		b := &busy{active: &active, most: &most}
		progs = append(progs, b)
		mustNode(t, nw, fmt.Sprintf("b%d", i), b, l)
	}
	mustNode(t, nw, "src", &Source{Dst: Broadcast, Size: 64, Interval: 20 * time.Millisecond, Count: 10}, l)
	// The frames take 200 ms to send; a loaded machine may take longer to
	// handle them: run until every node has them all, or for 20 s.
	all := func() bool {
		for _, b := range progs {
			if b.got.Load() < 10 {
				return false
			}
		}
		return true
	}
	for began := time.Now(); !all() && time.Since(began) < 20*time.Second; {
		nw.Run(50 * time.Millisecond)
	}
	for i, b := range progs {
		if b.got.Load() != 10 {
			t.Errorf("node %d got %d of 10 frames", i, b.got.Load())
		}
	}
	if most.Load() < 2 {
		t.Errorf("at most %d nodes ran at once; in real time nodes run in parallel", most.Load())
	}
	checkBalance(t, nw)
}

// ticker counts the firings of a periodic timer.
type ticker struct {
	period time.Duration
	n      atomic.Int64
}

func (k *ticker) Start(n *Node) error {
	n.Every(k.period, func() error { k.n.Add(1); return nil })
	return nil
}
func (k *ticker) Receive(*Node, *Port, *Frame) error { return nil }
func (k *ticker) Stop(*Node) error                   { return nil }

// A periodic timer the network could not fire on time (here: the script
// holds the network for 200 periods) fires once and keeps to its grid,
// rather than firing for every period it missed at once.
func TestRealtimeTimerSkipsThePeriodsItMissed(t *testing.T) {
	nw := newNet(t, 1)
	nw.SetRealtime(true)
	defer nw.Close()
	k := &ticker{period: time.Millisecond}
	mustNode(t, nw, "k", k)
	nw.Run(20 * time.Millisecond)
	time.Sleep(200 * time.Millisecond) // held: nothing fires
	before := k.n.Load()
	nw.Run(10 * time.Millisecond)
	if burst := k.n.Load() - before; burst > 60 {
		t.Errorf("after a 200ms stall a 1ms timer fired %d times in 10ms: it caught up on the periods it missed", burst)
	}
	at := nw.Now()
	if k.n.Load() == before {
		t.Errorf("the timer did not fire again after the stall (now %v)", at)
	}
}

// burstAt sends n frames at once from a timer, noting the time it sees.
type burstAt struct {
	n    int
	sent time.Duration
}

func (b *burstAt) Start(n *Node) error {
	n.After(time.Millisecond, func() error {
		b.sent = n.Now()
		for i := 0; i < b.n; i++ {
			time.Sleep(20 * time.Microsecond) // the wall clock moves on within the round
			n.Send(1, NewFrame(Broadcast, n.Port(1).MAC(), EtherType, []byte("x")))
		}
		return nil
	})
	return nil
}
func (b *burstAt) Receive(*Node, *Port, *Frame) error { return nil }
func (b *burstAt) Stop(*Node) error                   { return nil }

// A real-time round happens at one time: the frames a node sends in it
// leave at the round's time, however long the node takes, and arrive
// together, no sooner than one link delay later.
func TestRealtimeRoundHappensAtOneTime(t *testing.T) {
	nw := newNet(t, 1)
	nw.SetRealtime(true)
	defer nw.Close()
	l := mustLink(t, nw, "l", Impairments{Delay: 5 * time.Millisecond})
	b := &burstAt{n: 50}
	mustNode(t, nw, "a", b, l)
	rec := &recorder{}
	mustNode(t, nw, "r", rec, l)
	nw.Run(100 * time.Millisecond)
	if len(rec.got) != 50 {
		t.Fatalf("got %d of 50 frames", len(rec.got))
	}
	for i, a := range rec.got {
		if a.at != rec.got[0].at {
			t.Fatalf("frame %d arrived at %v, frame 0 at %v: a round's frames should arrive together", i, a.at, rec.got[0].at)
		}
	}
	if d := rec.got[0].at - b.sent; d < 5*time.Millisecond {
		t.Errorf("frames arrived %v after the round that sent them, sooner than the link's 5ms delay", d)
	}
}
