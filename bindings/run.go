package bindings

import (
	"errors"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// meshRun is mesh.run(duration [, {check = period, stop = fn}]): advance
// the network by duration; with check and stop, call stop() every check
// period from now and stop at the first check at which it returns a true
// value. It returns the network time reached.
func (h *Host) meshRun(L *lua.LState) int {
	h.refuseInCallback(L, "mesh.run")
	d, err := luakit.ParseDuration(L.CheckAny(1))
	if err != nil {
		L.ArgError(1, err.Error())
	}
	o := luakit.CheckOptions(L, "mesh.run", L.OptTable(2, nil), "check", "stop")
	var stop *lua.LFunction
	if v := o.Get("stop"); v != lua.LNil {
		fn, ok := v.(*lua.LFunction)
		if !ok {
			o.Fail("stop", fmt.Errorf("want a function that returns true to stop, got %s", v.Type()))
		}
		stop = fn
	}
	var check time.Duration
	if v := o.Get("check"); v != lua.LNil {
		if check, err = luakit.ParseDuration(v); err == nil && check <= 0 {
			err = errors.New("want a period above zero")
		}
		if err != nil {
			o.Fail("check", err)
		}
	}
	switch {
	case stop != nil && check == 0:
		o.Fail("check", errors.New("give how often to call stop: a period above zero"))
	case stop == nil && check > 0:
		o.Fail("stop", errors.New("give the function to call every check"))
	}
	h.exp.running = true
	defer func() { h.exp.running = false }()
	start := h.Net.Now()
	defer h.watchRun(start + d)()
	stopped := false
	for t := start + check; check > 0 && t <= start+d; t += check {
		h.runTo(L, t)
		if stopped = h.callStop(L, stop); stopped {
			break
		}
	}
	if !stopped {
		h.runTo(L, start+d)
	}
	L.Push(luakit.Seconds(h.Net.Now()))
	return 1
}

// runTo runs the network until the time t, raising the error of a
// callback that ended the run.
func (h *Host) runTo(L *lua.LState, t time.Duration) {
	err := h.Net.Run(max(t-h.Net.Now(), 0))
	h.flush()
	if f := h.exp.failure; f != nil {
		h.exp.failure = nil
		// In real time the run may have ended on its own just as the
		// callback interrupted it: the next run must not take that.
		h.Net.Scheduler().ClearInterrupt()
		raise(L, f)
	}
	if err != nil {
		L.RaiseError("mesh.run: %v", err)
	}
}

// callStop calls a run's stop function and reports whether it returned a
// true value. Its error is the run's.
func (h *Host) callStop(L *lua.LState, stop *lua.LFunction) bool {
	var v lua.LValue
	h.calling(func() error {
		L.Push(stop)
		L.Call(0, 1)
		v = L.Get(-1)
		L.Pop(1)
		return nil
	})
	return lua.LVAsBool(v)
}
