package bindings

import (
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// probeCount is option key of ping or pingall: a whole number of probes
// of at least 1, or def when not given.
func probeCount(o *luakit.Options, key string, def int) int {
	v := o.Get(key)
	if v == lua.LNil {
		return def
	}
	n, ok := v.(lua.LNumber)
	if !ok || n < 1 || n != lua.LNumber(int(n)) {
		o.Fail(key, fmt.Errorf("want a whole number of probes >= 1, got %v", v))
	}
	return int(n)
}

// probeDuration is option key of ping or pingall: a duration above 0, or
// def when not given.
func probeDuration(o *luakit.Options, key string, def time.Duration) time.Duration {
	v := o.Get(key)
	if v == lua.LNil {
		return def
	}
	d, err := luakit.ParseDuration(v)
	if err == nil && d <= 0 {
		err = fmt.Errorf("want a duration above 0, got %v", v)
	}
	if err != nil {
		o.Fail(key, err)
	}
	return d
}

// awaitProbes runs the network until every probe is answered or timeout
// has passed, in steps of a hundredth of it, then forgets the probes (a
// late answer is taken in without being counted) and flushes the nodes'
// output. what names the caller in an error of the run.
func (h *Host) awaitProbes(L *lua.LState, what string, probes []*runtime.Probe, timeout time.Duration) {
	step := max(timeout/100, time.Millisecond)
	for waited := time.Duration(0); waited < timeout && !allAnswered(probes); waited += step {
		if err := h.Net.Run(step); err != nil {
			L.RaiseError("%s: %v", what, err)
		}
	}
	h.Net.ForgetProbes()
	h.flush()
}

// allAnswered says whether every probe has its answer.
func allAnswered(probes []*runtime.Probe) bool {
	for _, p := range probes {
		if !p.Answered {
			return false
		}
	}
	return true
}
