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
	if got < 3+10 || got > 3+25 { // 20 expected; a loaded machine fires late, never early
		t.Errorf("200ms of wall time at one frame per 10ms delivered %d frames after the first 3", got-3)
	}
	// Released, the network keeps running between Runs.
	nw.Scheduler().Release()
	time.Sleep(100 * time.Millisecond)
	nw.Scheduler().Hold()
	if sink.Frames < got+5 {
		t.Errorf("between runs the network moved only from %d to %d frames", got, sink.Frames)
	}
	// Back to virtual time, time and pending events carry over.
	nw.SetRealtime(false)
	now := nw.Now()
	before := sink.Frames
	nw.Run(100 * time.Millisecond)
	if sink.Frames != before+10 || nw.Now() != now+100*time.Millisecond {
		t.Errorf("back in virtual time: %d frames in 100ms (want 10), clock %v -> %v", sink.Frames-before, now, nw.Now())
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
	nw.Run(300 * time.Millisecond)
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
