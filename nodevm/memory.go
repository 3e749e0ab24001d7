package nodevm

import (
	"fmt"
	"sync/atomic"

	"github.com/meshlua/meshlua/internal/luakit"
	lua "github.com/yuin/gopher-lua"
)

// measureSteps is how many steps a node runs, at least, between two
// measurements of its memory; a node that holds many objects runs more
// (measureStepsPerObject each): a measurement costs about 300 ns an
// object and a step some tens, so measuring costs under a tenth of the
// time of a node that holds many objects and works all the time.
const (
	measureSteps          = 1 << 20
	measureStepsPerObject = 128
	measureFirstSteps     = 1 << 16
)

// memoryUse is what a node knows of its memory. A VM changes only while it
// is called, so the node measures itself at the end of a call (vmSize),
// when one of these says it is due:
//   - it has run measureSteps (and more for a big VM) since the last time:
//     the number of steps is the same in every run of a seeded network, so
//     the node that outgrows its budget is stopped in the same call every
//     time;
//   - its library calls have built strings of more than an eighth of its
//     budget since (see allocated);
//   - the watchdog asked every node to (the heap grew fast);
//   - it never has, and has run measureFirstSteps: a chunk that builds
//     big tables is measured as it ends, an idle node's is not.
type memoryUse struct {
	budget     int64
	size       atomic.Int64 // at the last measurement, for the watchdog
	objects    int          // at the last measurement
	measuredAt uint64       // the VM's steps then
	allocated  int64        // bytes built by library calls since
	generation uint64       // the watchdog's generation then
}

// allocated records that a library call of L's node built a string of n
// bytes.
func allocated(L *lua.LState, n int) {
	programOf(L).mem.allocated += int64(n)
}

// checkMemory measures the node if that is due and returns an error naming
// its size if it holds more than its budget.
func (p *Program) checkMemory() error {
	m := &p.mem
	gen := p.watch.generation.Load()
	steps := p.ctx.stepsRun()
	first := m.objects == 0 && steps >= measureFirstSteps
	if !first && steps-m.measuredAt < measureSteps+measureStepsPerObject*uint64(m.objects) &&
		m.allocated < m.budget/8 && gen == m.generation {
		return nil
	}
	size, objects := vmSize(p)
	m.size.Store(size)
	m.objects, m.measuredAt, m.allocated, m.generation = objects, steps, 0, gen
	if size > m.budget {
		return fmt.Errorf("exceeded its memory budget of %s: it holds %s", luakit.FormatBytes(m.budget), luakit.FormatBytes(size))
	}
	return nil
}

// measureInCall measures the VM during a call, when the watchdog asks
// (vmContext.measure), and returns why the call must stop, or "". The
// moment depends on the machine, so the message does not give the size.
func (p *Program) measureInCall() string {
	size, _ := vmSize(p)
	p.mem.size.Store(size)
	if size > p.mem.budget {
		return "exceeded its memory budget of " + luakit.FormatBytes(p.mem.budget) + " during one call"
	}
	return ""
}
