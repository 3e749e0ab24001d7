package nodevm

import (
	"errors"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"
)

// sampleSteps is how many VM instructions (and library steps, see charge)
// run between two readings of the thread's CPU clock: a reading costs about
// a microsecond, this many instructions some hundreds, so the clock costs
// well under one percent and a call is stopped within a millisecond or so
// of its budget.
const sampleSteps = 1 << 14

// vmContext is the context of a node's VM and of every coroutine in it.
// gopher-lua asks for Done before every instruction, which makes Done the
// VM's instruction counter: every sampleSteps steps it reads the CPU time
// of the thread the call runs on, and stops the call once the call has
// used more than its budget. The CPU time, not the wall clock: a machine
// busy with other work slows a call down but does not spend its budget, so
// load never stops an honest node or changes a seeded run.
//
// Done, begin, end and charge run on the goroutine that calls into the VM
// (one at a time, see Program); stop may come from any goroutine.
type vmContext struct {
	budget time.Duration
	done   chan struct{}
	once   sync.Once
	reason atomic.Pointer[string] // why the VM was stopped, once it was

	// measureDue asks the VM to measure its memory at its next reading of
	// the clock, from its own goroutine (the watchdog saw the heap grow
	// during a call); measure does it and returns why the VM must stop,
	// or "".
	measureDue atomic.Bool
	measure    func() string
	// calls counts the outermost calls begun; interrupt is the number of
	// a call to stop at its next reading of the clock (Ctrl-C), so a call
	// that ends first is not stopped in its stead with the next one.
	calls     atomic.Uint64
	interrupt atomic.Uint64

	steps    int           // steps since the last reading of the clock
	executed uint64        // steps in all, at the last reading
	callCPU  time.Duration // the thread's CPU time at the call's first reading; -1 before it
}

func newVMContext(budget time.Duration) *vmContext {
	return &vmContext{budget: budget, done: make(chan struct{}), callCPU: -1}
}

// Done is the channel closed when the VM is stopped; asking for it counts
// a step.
func (c *vmContext) Done() <-chan struct{} {
	c.steps++
	if c.steps >= sampleSteps {
		c.sample()
	}
	return c.done
}

// charge counts steps of a library function's work as instructions.
func (c *vmContext) charge(steps int) {
	c.steps += steps
	if c.steps >= sampleSteps {
		c.sample()
	}
}

// sample reads the thread's CPU clock and stops the call if it has used
// its budget. The first reading in a call is its starting point: the few
// steps before it are not counted.
func (c *vmContext) sample() {
	c.executed += uint64(c.steps)
	c.steps = 0
	if n := c.interrupt.Load(); n != 0 && n == c.calls.Load() {
		c.stop("interrupted")
		return
	}
	if c.measureDue.Load() && c.measure != nil {
		c.measureDue.Store(false)
		if why := c.measure(); why != "" {
			c.stop(why)
			return
		}
	}
	now := threadCPU()
	if c.callCPU < 0 {
		c.callCPU = now
		return
	}
	if used := now - c.callCPU; used > c.budget {
		c.stop("exceeded its CPU budget of " + c.budget.String() + " in one call (stuck in a loop?)")
	}
}

// begin starts an outermost call: it stays on this OS thread until end, so
// the thread's CPU clock measures it alone.
func (c *vmContext) begin() {
	goruntime.LockOSThread()
	c.calls.Add(1)
	c.callCPU = -1
}

// end ends the outermost call.
func (c *vmContext) end() { goruntime.UnlockOSThread() }

// stepsRun is how many steps the VM has run in all: deterministic for a
// given program and input, unlike time.
func (c *vmContext) stepsRun() uint64 { return c.executed + uint64(c.steps) }

// stop stops the VM for good: the instruction running raises an error
// carrying reason, and so does every later one. The first reason stays.
func (c *vmContext) stop(reason string) {
	c.reason.CompareAndSwap(nil, &reason)
	c.once.Do(func() { close(c.done) })
}

// stopped is why the VM was stopped, or "".
func (c *vmContext) stopped() string {
	if r := c.reason.Load(); r != nil {
		return *r
	}
	return ""
}

// Err is the reason the VM was stopped, as the error the VM raises.
func (c *vmContext) Err() error {
	if r := c.reason.Load(); r != nil {
		return errors.New(*r)
	}
	return nil
}

// Deadline: a VM has none; its budget is CPU time.
func (c *vmContext) Deadline() (time.Time, bool) { return time.Time{}, false }

// Value: a VM's context carries no values.
func (c *vmContext) Value(any) any { return nil }
