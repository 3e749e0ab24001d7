package bindings

import (
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// ping is ping(a, b [, opts]): Mininet's "h1 ping h2" between two nodes
// (objects or names). It sends opts.count runtime probes (default 3), one
// every opts.interval (default 1s), runs the network until each is
// answered or opts.timeout (default 1s) after the last, prints a line per
// reply and a summary, and returns the fraction lost and the mean round
// trip in seconds (nil if none came back).
func (h *Host) ping(L *lua.LState) int {
	h.refuseInCallback(L, "ping")
	a, b := h.nodeOrName(L, 1, "ping"), h.nodeOrName(L, 2, "ping")
	o := luakit.CheckOptions(L, "ping", L.OptTable(3, nil), "count", "interval", "timeout")
	count := probeCount(o, "count", 3)
	interval, timeout := probeDuration(o, "interval", time.Second), probeDuration(o, "timeout", time.Second)
	probes := make([]*runtime.Probe, 0, count)
	run := func(d time.Duration) {
		if err := h.Net.Run(d); err != nil {
			L.RaiseError("ping: %v", err)
		}
	}
	for i := 0; i < count; i++ {
		if i > 0 {
			run(interval)
		}
		probes = append(probes, h.Net.Ping(a, b))
	}
	h.awaitProbes(L, "ping", probes, timeout)
	var rtts []time.Duration
	for i, p := range probes {
		if p.Answered {
			rtts = append(rtts, p.RTT)
			fmt.Fprintf(h.out, "%s -> %s: seq=%d time=%s\n", a.Name(), b.Name(), i+1, ms(p.RTT))
		}
	}
	lost := 1 - float64(len(rtts))/float64(count)
	summary := fmt.Sprintf("%d sent, %d received, %.0f%% lost", count, len(rtts), lost*100)
	var mean lua.LValue = lua.LNil
	if len(rtts) > 0 {
		lo, avg, hi := rttSpread(rtts)
		summary += fmt.Sprintf(", rtt min/avg/max %s/%s/%s", ms(lo), ms(avg), ms(hi))
		mean = luakit.Seconds(avg)
	}
	fmt.Fprintln(h.out, summary)
	h.flush()
	L.Push(lua.LNumber(lost))
	L.Push(mean)
	return 2
}

// ms writes a round trip in milliseconds: "20.000ms".
func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond)) }
