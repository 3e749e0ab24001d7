package runtime

import (
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"
)

// In real time the events due at once form a round. The links' part of a
// round (learning, choosing receivers, impairments) runs on the scheduler's
// goroutine; what the round hands to nodes (frames, timers, starts) is
// gathered per node and then run with the nodes in parallel, each node's
// work in order on one goroutine, so a node's VM is touched by one
// goroutine at a time. While nodes run in parallel, whatever they do to
// links and the scheduler (sending, setting timers) takes the switch lock.

// workKind says what a node has to do.
type workKind uint8

const (
	workFrame workKind = iota // receive a frame on a port
	workTimer                 // fire a timer
	workStart                 // start the program
)

// work is one thing a round hands to a node.
type work struct {
	kind  workKind
	port  *Port
	frame *Frame
	timer *Timer
}

// round gathers a round's work.
type round struct {
	nodes   []*Node  // nodes with work, in the order they got it
	release []*Frame // frames handed to nodes, given back after they ran
	items   int      // pieces of work handed out
}

func (r *round) add(n *Node, w work) {
	if len(n.work) == 0 {
		r.nodes = append(r.nodes, n)
	}
	n.work = append(n.work, w)
	r.items++
}

// parallelItemCost is how long the nodes' pieces of work must take, on
// average, for a round to run its nodes in parallel: cheaper work (native
// programs passing frames on) runs faster on one goroutine than spread
// over cores that then pass every frame's memory between them.
const parallelItemCost = 250 * time.Nanosecond

// beginRound starts gathering.
func (nw *Network) beginRound() {
	if nw.pending == nil {
		nw.pending = &round{}
	}
	nw.round = nw.pending
}

// endRound runs the nodes' work, in parallel when several nodes have some
// and their work has lately been costly, then gives the round's frames
// back.
func (nw *Network) endRound() {
	r := nw.round
	nw.round = nil
	start := time.Now()
	workers := 1
	if len(r.nodes) > 1 && nw.itemCost >= parallelItemCost {
		workers = min(len(r.nodes), goruntime.GOMAXPROCS(0))
	}
	if workers > 1 {
		var next atomic.Int64
		var wg sync.WaitGroup
		nw.parallel = true
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := next.Add(1) - 1; i < int64(len(r.nodes)); i = next.Add(1) - 1 {
					r.nodes[i].runWork()
				}
			}()
		}
		wg.Wait()
		nw.parallel = false
	} else {
		for _, n := range r.nodes {
			n.runWork()
		}
	}
	if r.items > 0 {
		cost := time.Since(start) * time.Duration(workers) / time.Duration(r.items)
		nw.itemCost = (3*nw.itemCost + cost) / 4
	}
	putFrames(r.release)
	clear(r.nodes)
	r.nodes, r.release, r.items = r.nodes[:0], r.release[:0], 0
}

// runWork does what the round handed to n, in order.
func (n *Node) runWork() {
	for i := range n.work {
		w := &n.work[i]
		switch w.kind {
		case workFrame:
			n.receive(w.port, w.frame)
		case workTimer:
			w.timer.fire()
		case workStart:
			n.start()
		}
		*w = work{}
	}
	n.work = n.work[:0]
}

// hand gives f, arriving on p, to p's node: now in virtual time, in the
// round's work in real time.
func (nw *Network) hand(p *Port, f *Frame) {
	if nw.round == nil {
		p.node.receive(p, f)
		return
	}
	nw.round.add(p.node, work{kind: workFrame, port: p, frame: f})
}

// done gives back a frame the link has delivered: now in virtual time,
// after the nodes have run in real time.
func (nw *Network) done(f *Frame) {
	if nw.round == nil {
		PutFrame(f)
		return
	}
	nw.round.release = append(nw.round.release, f)
}

// lockSwitch takes the switch lock while nodes run in parallel.
func (nw *Network) lockSwitch() {
	if nw.parallel {
		nw.switchMu.Lock()
	}
}

func (nw *Network) unlockSwitch() {
	if nw.parallel {
		nw.switchMu.Unlock()
	}
}
