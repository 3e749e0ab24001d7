package bindings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// pingall is pingall([opts]): Mininet's pingall. Every node probes every
// other (opts.count probes each, default 1) and the network runs until all
// are answered or opts.timeout (default 1s) passes. It prints who reached
// whom, in columns, and a results line, and returns a table: the share
// dropped, the probes sent and received, the round trips, and reached[a][b].
func (h *Host) pingall(L *lua.LState) int {
	h.refuseInCallback(L, "pingall")
	o := luakit.CheckOptions(L, "pingall", L.OptTable(1, nil), "count", "timeout")
	count, timeout := probeCount(o, "count", 1), probeDuration(o, "timeout", time.Second)
	nodes := h.Net.Nodes()
	var probes []*runtime.Probe
	for _, a := range nodes {
		for _, b := range nodes {
			if a != b {
				for i := 0; i < count; i++ {
					probes = append(probes, h.Net.Ping(a, b))
				}
			}
		}
	}
	h.awaitProbes(L, "pingall", probes, timeout)

	width := 0
	for _, n := range nodes {
		width = max(width, len(n.Name()))
	}
	reached := L.CreateTable(0, len(nodes))
	var rtts []time.Duration
	var line strings.Builder
	fmt.Fprintln(h.out, "*** Ping: testing reachability")
	for len(probes) > 0 {
		row := probes[:(len(nodes)-1)*count]
		probes = probes[len(row):]
		from := row[0].From.Name()
		fmt.Fprintf(&line, "%-*s ->", width, from)
		mine := L.CreateTable(0, len(nodes)-1)
		for i := 0; i < len(row); i += count {
			ok := false
			for _, p := range row[i : i+count] {
				if p.Answered {
					ok = true
					rtts = append(rtts, p.RTT)
				}
			}
			mark := "X"
			if ok {
				mark = row[i].To.Name()
			}
			fmt.Fprintf(&line, " %-*s", width, mark)
			mine.RawSetString(row[i].To.Name(), lua.LBool(ok))
		}
		reached.RawSetString(from, mine)
		fmt.Fprintln(h.out, strings.TrimRight(line.String(), " "))
		line.Reset()
	}
	sent := (len(nodes) - 1) * len(nodes) * count
	dropped := 0.0
	if sent > 0 {
		dropped = 1 - float64(len(rtts))/float64(sent)
	}
	results := fmt.Sprintf("%.0f%% dropped (%d/%d received)", dropped*100, len(rtts), sent)
	fmt.Fprintf(h.out, "*** Results: %s\n", results)
	t := summarised(L, L.NewTable(), "pingall: "+results)
	t.RawSetString("dropped", lua.LNumber(dropped))
	t.RawSetString("sent", lua.LNumber(sent))
	t.RawSetString("received", lua.LNumber(len(rtts)))
	t.RawSetString("reached", reached)
	if len(rtts) > 0 {
		lo, avg, hi := rttSpread(rtts)
		fmt.Fprintf(h.out, "*** Round trips: min/avg/max %s/%s/%s\n", ms(lo), ms(avg), ms(hi))
		t.RawSetString("rtt_min", luakit.Seconds(lo))
		t.RawSetString("rtt_avg", luakit.Seconds(avg))
		t.RawSetString("rtt_max", luakit.Seconds(hi))
	}
	h.flush()
	L.Push(t)
	return 1
}

// rttSpread is the least, mean and most of some round trips (at least one).
func rttSpread(rtts []time.Duration) (lo, avg, hi time.Duration) {
	var sum time.Duration
	for _, r := range rtts {
		sum += r
	}
	return slices.Min(rtts), sum / time.Duration(len(rtts)), slices.Max(rtts)
}
