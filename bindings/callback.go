package bindings

import (
	"errors"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// callback is a script function that runs in network time: once at a
// time (mesh.at), every period (mesh.every), or every period to take a
// series' sample. It is an event of the network's scheduler, scheduled
// last at its time: it runs between two events, after every other event
// due at its time, as if the run had stopped there, in virtual time as in
// real time.
type callback struct {
	h         *Host
	what      string // for messages: "mesh.at", "mesh.every", "mesh.series NAME"
	fn        *lua.LFunction
	period    time.Duration // 0 for once
	sample    *series       // the series the function's result goes to, if any
	cancelled bool
}

// callbackTypeName is the type of the objects mesh.at and mesh.every
// return.
const callbackTypeName = "mesh.callback"

// callbackType is the object of a callback: cb:cancel().
var callbackType = &objectType[*callback]{
	name:  callbackTypeName,
	check: checkCallback,
	methods: map[string]func(*Host, *lua.LState) int{
		"cancel": func(_ *Host, L *lua.LState) int { checkCallback(L, 1).cancelled = true; return 0 },
	},
	tostring: func(c *callback) string {
		if c.period > 0 {
			return fmt.Sprintf("%s function, every %v", c.what, c.period)
		}
		return c.what + " function"
	},
}

func checkCallback(L *lua.LState, n int) *callback {
	if c, ok := L.CheckUserData(n).Value.(*callback); ok {
		return c
	}
	L.ArgError(n, "a function that mesh.at or mesh.every runs expected")
	return nil
}

// meshAt is mesh.at(t, fn): run fn at the network time t (seconds from
// the start), between two events.
func (h *Host) meshAt(L *lua.LState) int {
	t, err := luakit.ParseDuration(L.CheckAny(1))
	if err != nil {
		L.ArgError(1, err.Error())
	}
	fn := L.CheckFunction(2)
	if now := h.Net.Now(); t < now {
		L.ArgError(1, fmt.Sprintf("the time %ss has passed: the network is at %ss", runtime.FormatTime(t), runtime.FormatTime(now)))
	}
	return pushObject(L, h.schedule(&callback{h: h, what: "mesh.at", fn: fn}, t), callbackTypeName)
}

// meshEvery is mesh.every(period, fn): run fn every period, first a period
// from now.
func (h *Host) meshEvery(L *lua.LState) int {
	period := checkPeriod(L, 1)
	fn := L.CheckFunction(2)
	c := &callback{h: h, what: "mesh.every", fn: fn, period: period}
	return pushObject(L, h.schedule(c, h.Net.Now()+period), callbackTypeName)
}

// checkPeriod returns argument n, a duration above zero.
func checkPeriod(L *lua.LState, n int) time.Duration {
	d, err := luakit.ParseDuration(L.CheckAny(n))
	if err == nil && d <= 0 {
		err = errors.New("a period must be above zero")
	}
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return d
}

// schedule makes c fire at t, and returns it.
func (h *Host) schedule(c *callback, t time.Duration) *callback {
	h.Net.Scheduler().ScheduleLast(runtime.Event{At: t, H: c})
	return c
}

// pushObject pushes a new object for v, of the type called typeName, and
// returns 1, the number of values pushed.
func pushObject(L *lua.LState, v any, typeName string) int {
	ud := L.NewUserData()
	ud.Value = v
	ud.Metatable = L.GetTypeMetatable(typeName)
	L.Push(ud)
	return 1
}

// Handle runs the callback's function, first scheduling its next run.
func (c *callback) Handle(ev runtime.Event) {
	if c.cancelled {
		return
	}
	sched := c.h.Net.Scheduler()
	if c.period > 0 {
		sched.ScheduleLast(runtime.Event{At: c.next(ev.At, sched.Now()), H: c})
	} else {
		c.cancelled = true
	}
	c.h.runCallback(c, sched.Now())
}

// next is when a callback due at fires again: a period later, on the same
// grid, past now. In virtual time that is always at+period; a real-time
// network that fell behind runs it once for the periods it missed, as a
// node's timer does.
func (c *callback) next(at, now time.Duration) time.Duration {
	next := at + c.period
	if next <= now {
		next += ((now-next)/c.period + 1) * c.period
	}
	return next
}

// runCallback calls c's function in the script's state at the network
// time now. An error cancels c and ends the mesh.run in progress, which
// raises it; with no run in progress (a real-time network between two
// runs) it goes to the log.
func (h *Host) runCallback(c *callback, now time.Duration) {
	L := h.exp.L
	var result lua.LValue
	err := h.calling(func() error {
		L.Push(c.fn)
		if err := L.PCall(0, 1, nil); err != nil {
			return err
		}
		result = L.Get(-1)
		L.Pop(1)
		return nil
	})
	if err == nil && c.sample != nil {
		err = c.sample.add(now, result)
	}
	h.flush()
	if err == nil {
		return
	}
	c.cancelled = true
	var ae *lua.ApiError
	if !errors.As(err, &ae) {
		ae = &lua.ApiError{Type: lua.ApiErrorRun, Object: lua.LString(err.Error())}
	}
	if h.exp.running {
		if h.exp.failure == nil {
			h.exp.failure = ae
			h.Net.Interrupt()
		}
		return
	}
	msg := ae.Object.String()
	if ae.StackTrace != "" {
		msg += "\n" + ae.StackTrace
	}
	h.Net.Logf("script", "%s stopped: %s", c.what, msg)
}

// calling runs fn, which calls a script function between two events or
// two steps of a run: that function may not run the network itself.
func (h *Host) calling(fn func() error) error {
	h.exp.calling = true
	defer func() { h.exp.calling = false }()
	return fn()
}

// raise raises err, a callback's error, as the error of the function L
// runs (mesh.run), keeping err's traceback, which shows where the
// callback raised it, rather than making one where it is raised again.
// It raises through L.Error, which closes the upvalues of the frames it
// unwinds, and only swaps the panic that carries the error.
func raise(L *lua.LState, err *lua.ApiError) {
	old := L.Panic
	L.Panic = func(L *lua.LState) {
		L.Panic = old
		panic(&lua.ApiError{Type: lua.ApiErrorRun, Object: L.Get(-1), StackTrace: err.StackTrace})
	}
	L.Error(err.Object, 0)
}
