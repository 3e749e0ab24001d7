package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/meshlua/meshlua/export"
	"github.com/meshlua/meshlua/runtime"
)

// access is how the view reaches the network without changing what a run
// computes: it only reads, and only where the network holds still.
//
//   - During a mesh.run in virtual time, the scheduler calls its watch
//     between two events after a Poke (as for the progress line).
//   - During a run in real time, an event posted to the scheduler fires
//     in the network's own loop, which holds it.
//   - Between runs, Network.Visit reaches the network while the script
//     waits for the user; while the script's own code runs, the view
//     waits for its next run or wait.
//
// Control requests are applied at those same points, so a link goes down
// between two events, as link:down() from the REPL does. A pause holds
// the network at such a point (in the watch, or in the posted event)
// until the page resumes it, Ctrl-C interrupts the run, or the view
// closes; the view goes on updating meanwhile.
type access struct {
	s *Server

	mu      sync.Mutex
	run     runtime.Scheduler // the scheduler of the mesh.run in progress; nil between runs
	unwatch func()            // stops the virtual scheduler's calls of watch
	asked   []control         // control requests not applied yet
	paused  bool              // the page asked for a pause, and no resume since
	pausing bool              // a pause holds the network now
	notice  string            // what became of a request that failed

	posted atomic.Bool   // an update event waits in the real-time scheduler
	wake   chan struct{} // a request came: update now
	unhold chan struct{} // a request came while a pause holds the network
	done   chan struct{} // closed when the view closes
	closed sync.Once

	// Updates: their count, the shape they describe, and the frames sent
	// at the last, for the rate.
	seq      uint64
	shape    []byte
	shapeID  uint64
	lastSent uint64
	lastAt   time.Time
}

func newAccess(s *Server) *access {
	return &access{s: s, wake: make(chan struct{}, 1), unhold: make(chan struct{}, 1),
		done: make(chan struct{}), lastAt: time.Now()}
}

// routine updates the page every Every, and at once after a request,
// until close.
func (a *access) routine() {
	tick := time.NewTicker(Every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-a.wake:
		case <-a.done:
			return
		}
		a.mu.Lock()
		run, pausing := a.run, a.pausing
		a.mu.Unlock()
		if pausing { // the pause holds the network and updates the page
			signal(a.unhold)
			continue
		}
		switch r := run.(type) {
		case nil:
			a.s.net.Visit(a.visit)
		case *runtime.Virtual:
			r.Poke()
		case *runtime.Realtime:
			if a.posted.CompareAndSwap(false, true) {
				r.Post(runtime.Event{H: a})
			}
		}
	}
}

// signal sends a token on ch, a channel of one, unless one waits there.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// runStart watches a mesh.run; the caller holds the network.
func (a *access) runStart(nw *runtime.Network) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.run = nw.Scheduler()
	a.posted.Store(false)
	if v, ok := a.run.(*runtime.Virtual); ok {
		a.unwatch = v.Watch(a.watch)
		if a.paused {
			v.Poke() // the run pauses before its first event
		}
	}
}

// runEnd stops watching the run.
func (a *access) runEnd() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.unwatch != nil {
		a.unwatch()
		a.unwatch = nil
	}
	a.run = nil
}

// watch is the virtual scheduler's, between two events of a run.
func (a *access) watch(time.Duration) { a.update(true) }

// Handle is the posted event's, in the real-time scheduler's loop.
func (a *access) Handle(runtime.Event) {
	a.posted.Store(false)
	a.update(true)
}

// visit is Network.Visit's, between runs. There a network in real time
// runs on by itself, so a pause is an event that holds it.
func (a *access) visit() {
	a.applyAsked()
	if rt, ok := a.s.net.Runtime().Scheduler().(*runtime.Realtime); ok && a.isPaused() {
		if a.posted.CompareAndSwap(false, true) {
			rt.Post(runtime.Event{H: a}) // it updates the page once it holds the network
		}
		return
	}
	a.s.update()
}

// update applies the requests waiting and sends the page an update; then,
// where it may (canHold) and if the page paused the network, holds it
// until the pause ends. The caller holds the network.
func (a *access) update(canHold bool) {
	a.applyAsked()
	a.s.update()
	if !canHold || !a.isPaused() {
		return
	}
	a.setPausing(true)
	defer a.setPausing(false)
	for a.isPaused() {
		select {
		case <-a.unhold: // the routine's tick, or a request
		case <-a.done:
			return
		}
		a.applyAsked()
		a.s.update()
	}
}

// ask queues a control request and wakes the routine, or the pause that
// holds the network.
func (a *access) ask(c control) {
	a.mu.Lock()
	a.asked = append(a.asked, c)
	a.mu.Unlock()
	signal(a.wake)
	signal(a.unhold)
}

// applyAsked applies the requests waiting, in order; the caller holds
// the network.
func (a *access) applyAsked() {
	a.mu.Lock()
	asked := a.asked
	a.asked = nil
	a.mu.Unlock()
	for _, c := range asked {
		switch c.Action {
		case "down", "up":
			l := a.s.net.Runtime().Link(c.Link)
			if l == nil {
				a.setNotice(fmt.Sprintf("link %s: no such link any more", c.Link))
				continue
			}
			l.SetUp(c.Action == "up") // as link:down() and link:up() do
		case "pause", "resume":
			a.mu.Lock()
			a.paused = c.Action == "pause"
			a.mu.Unlock()
		}
	}
}

// resume lifts a pause (Ctrl-C, or the view closing).
func (a *access) resume() {
	a.mu.Lock()
	a.paused = false
	a.mu.Unlock()
	signal(a.unhold)
}

// close stops the routine and lifts a pause.
func (a *access) close() {
	a.closed.Do(func() { close(a.done) })
	a.resume()
}

func (a *access) isPaused() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.paused
}

func (a *access) setPausing(on bool) {
	a.mu.Lock()
	a.pausing = on
	a.mu.Unlock()
}

func (a *access) setNotice(msg string) {
	a.mu.Lock()
	a.notice = msg
	a.mu.Unlock()
}

// state is the next update's snapshot of g, whose network has sent sent
// frames, and its shape, with the shape's number; the caller holds the
// network.
func (a *access) state(g *export.Graph, sent uint64) (*snapshot, []byte, uint64) {
	shape, err := json.Marshal(shapeOf(g))
	if err != nil {
		panic(err) // plain structs of numbers and strings always marshal
	}
	if !bytes.Equal(shape, a.shape) {
		a.shape = shape
		a.shapeID++
	}
	now := time.Now()
	a.seq++
	snap := &snapshot{Seq: a.seq, ShapeID: a.shapeID, FPS: float64(sent-a.lastSent) / now.Sub(a.lastAt).Seconds()}
	a.lastSent, a.lastAt = sent, now
	snap.counters(g)
	a.mu.Lock()
	snap.Running, snap.Paused, snap.Notice = a.run != nil, a.paused, a.notice
	a.notice = ""
	a.mu.Unlock()
	return snap, a.shape, a.shapeID
}
