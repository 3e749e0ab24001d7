package nodevm

import (
	goruntime "runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/meshlua/meshlua/internal/luakit"
)

// watchdogTick is how often the watchdog looks at the process's memory.
const watchdogTick = 5 * time.Millisecond

// Watchdog guards what no single VM can see: the memory of the whole
// process. Budgets of CPU time are each VM's own (vmContext); memory a node
// holds across calls is measured on its own goroutine (checkMemory). The
// watchdog's goroutine reads the heap every tick and
//   - asks a call that grows the heap by more than its node's memory
//     budget to measure its VM at once, from its own goroutine (the heap
//     also holds garbage, so growth alone proves nothing), which stops it
//     if it holds more than its budget,
//   - asks every node to measure itself at the end of its next call when
//     the heap has grown a lot since it last asked, so no growth goes
//     unmeasured for long,
//   - when the process passes its memory limit, stops the node that holds
//     the most, before the Go runtime runs out of memory.
//
// begin and end run for every frame, so they only count and publish with
// atomics: a program whose outermost call runs sits in one of the slots
// (nodes may run in parallel in real time, one call per goroutine). The
// slots also let Interrupt stop every call in progress.
type Watchdog struct {
	slots []atomic.Pointer[Program]
	seen  []sighting // the watchdog goroutine's own, by slot

	limit      atomic.Uint64 // the process's memory limit in bytes
	generation atomic.Uint64 // bumped to ask every node to measure itself
	lastHeap   uint64        // the heap when the generation was last bumped
	// stoppedAt is the count of GC cycles when the watchdog last stopped a
	// node for the limit: it stops no other until two more cycles have
	// freed what that one held.
	stoppedAt uint64
	// asked counts the ticks since the process passed its limit and every
	// node was asked to measure itself: the largest is chosen a few ticks
	// later, on fresh sizes.
	asked int

	mu       sync.Mutex
	programs map[*Program]struct{} // every VM alive, for the process limit

	sample []metrics.Sample
	stop   chan struct{}
	done   chan struct{}
}

// sighting is a call the watchdog has seen in a slot.
type sighting struct {
	p    *Program
	call uint64 // p's count of calls when seen
	heap uint64 // heap bytes when first seen
}

// remeasureGrowth is how much the heap may grow, at least, before every
// node is asked to measure itself again; past 256 MiB, half of what it was
// when they were last asked. Measuring every node costs in proportion to
// the network, so a fixed step asked a big network again and again: with a
// GiB of nodes and GOGC=200 the heap grows by 2 GiB of garbage between two
// collections, which was 16 requests to measure every node, and one more
// when the collection shrank the heap; now it is two, and a heap that
// shrinks asks nothing.
const remeasureGrowth = 128 << 20

// NewWatchdog starts the watchdog of a set of node VMs (one a network),
// which keeps the process under ProcessMemoryLimit. Close stops it.
func NewWatchdog() *Watchdog {
	limit := ProcessMemoryLimit()
	n := max(64, 2*goruntime.GOMAXPROCS(0))
	w := &Watchdog{slots: make([]atomic.Pointer[Program], n), seen: make([]sighting, n),
		programs: map[*Program]struct{}{},
		stop:     make(chan struct{}), done: make(chan struct{}),
		sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}}
	w.limit.Store(limit)
	go w.routine()
	return w
}

func (w *Watchdog) routine() {
	defer close(w.done)
	t := time.NewTicker(watchdogTick)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.check()
		}
	}
}

func (w *Watchdog) check() {
	metrics.Read(w.sample)
	w.observe(w.sample[0].Value.Uint64(), w.sample[1].Value.Uint64())
}

// observe acts on the heap's size in bytes and the count of collections.
func (w *Watchdog) observe(heap, cycles uint64) {
	switch {
	case heap < w.lastHeap:
		w.lastHeap = heap // growth counts from here
	case heap-w.lastHeap > max(remeasureGrowth, w.lastHeap/2):
		w.lastHeap = heap
		w.generation.Add(1)
	}
	for i := range w.slots {
		p, s := w.slots[i].Load(), &w.seen[i]
		if p == nil {
			s.p = nil
			continue
		}
		call := p.ctx.calls.Load() // p's call, or a later one if that has ended since
		if s.p != p || s.call != call {
			*s = sighting{p: p, call: call, heap: heap}
			continue
		}
		if heap > s.heap && int64(heap-s.heap) > p.mem.budget {
			s.heap = heap // the next request when it grows as much again
			p.ctx.measureDue.Store(true)
		}
	}
	switch {
	case heap <= w.limit.Load():
		w.asked = 0
	case w.stoppedAt != 0 && cycles < w.stoppedAt+2:
	case w.asked == 0:
		w.asked = 1
		w.lastHeap = heap
		w.generation.Add(1)
	case w.asked < 3:
		w.asked++
	default:
		w.asked = 0
		if w.stopLargest(heap, w.growing(heap)) {
			w.stoppedAt = cycles
		}
	}
}

// growing is how much the heap has grown during each call in progress.
func (w *Watchdog) growing(heap uint64) map[*Program]int64 {
	g := map[*Program]int64{}
	for i := range w.seen {
		if s := &w.seen[i]; s.p != nil && heap > s.heap {
			g[s.p] = int64(heap - s.heap)
		}
	}
	return g
}

// stopLargest stops the node that holds the most memory (as last measured,
// plus what its call in progress has grown the heap by) and reports
// whether there was one: its call in progress stops at once, and an idle
// node stops at its next call.
func (w *Watchdog) stopLargest(heap uint64, growing map[*Program]int64) bool {
	w.mu.Lock()
	var largest *Program
	var most int64
	for p := range w.programs {
		if size := p.mem.size.Load() + growing[p]; p.ctx.stopped() == "" && size > most {
			largest, most = p, size
		}
	}
	w.mu.Unlock()
	if largest == nil {
		return false
	}
	largest.ctx.stop("stopped to keep the process under its memory limit of " + luakit.FormatBytes(int64(w.limit.Load())) +
		" (the heap was " + luakit.FormatBytes(int64(heap)) + "): this node held the most, " + luakit.FormatBytes(most))
	return true
}

// add and remove keep the set of VMs alive.
func (w *Watchdog) add(p *Program) {
	w.mu.Lock()
	w.programs[p] = struct{}{}
	w.mu.Unlock()
}

func (w *Watchdog) remove(p *Program) {
	w.mu.Lock()
	delete(w.programs, p)
	w.mu.Unlock()
}

// begin marks the start of a call into p's VM. A call made while another
// runs (a filter inside node.send) counts against the outer call's budget.
func (w *Watchdog) begin(p *Program) {
	p.depth++
	if p.depth > 1 {
		return
	}
	p.ctx.begin()
	start := max(p.slot, 0) // the slot p had last: free unless nodes run in parallel
	for i := range w.slots {
		s := (start + i) % len(w.slots)
		if w.slots[s].CompareAndSwap(nil, p) {
			p.slot = s
			return
		}
	}
	p.slot = -1 // more calls at once than slots: this one runs unwatched
}

// end marks the end of the call; it reports whether it was the outermost.
func (w *Watchdog) end(p *Program) bool {
	p.depth--
	if p.depth > 0 {
		return false
	}
	if p.slot >= 0 {
		w.slots[p.slot].Store(nil)
	}
	p.ctx.end()
	return true
}

// Interrupt stops every call into a VM in progress, as Ctrl-C does: the
// call seen in a slot, not one that begins after it. Its node stops with
// the reason "interrupted". Any goroutine may call it.
func (w *Watchdog) Interrupt() {
	for i := range w.slots {
		if p := w.slots[i].Load(); p != nil {
			p.ctx.interrupt.Store(p.ctx.calls.Load())
		}
	}
}

// Close stops the watchdog's goroutine, once every VM under it is gone.
func (w *Watchdog) Close() {
	close(w.stop)
	<-w.done
}
