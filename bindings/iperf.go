package bindings

import (
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

const (
	// iperfConnect is how long iperf waits for b to answer its connection
	// request (sent again every second).
	iperfConnect = 3 * time.Second
	// iperfDrain is how long, at most, iperf lets the last segments arrive
	// after the test, so the network is quiet again when it returns.
	iperfDrain = 2 * time.Second
)

// iperf is iperf(a, b [, duration | opts]): Mininet's "iperf h1 h2", a
// throughput test from node a to node b (objects or names) for
// opts.duration (default 5s) over the network as it is. It prints a line
// per opts.interval (default 1s; 0 for none) and a summary in iperf3's
// units, and returns a table of the results.
func (h *Host) iperf(L *lua.LState) int {
	h.refuseInCallback(L, "iperf")
	a, b := h.nodeOrName(L, 1, "iperf"), h.nodeOrName(L, 2, "iperf")
	duration, interval, o := h.iperfOptions(L)
	fl, err := h.Net.Iperf(a, b, o)
	if err != nil {
		L.RaiseError("iperf: %v", err)
	}
	defer fl.Close()
	run := func(d time.Duration) {
		if err := h.Net.Run(d); err != nil {
			L.RaiseError("iperf: %v", err)
		}
	}
	for waited := time.Duration(0); waited < iperfConnect && !fl.Stats().Connected; waited += time.Millisecond {
		run(time.Millisecond)
	}
	h.flush()
	st := fl.Stats()
	if !st.Connected {
		msg := fmt.Sprintf("%s -> %s: no answer to the connection request in %v", a.Name(), b.Name(), iperfConnect)
		fmt.Fprintln(h.out, msg)
		h.flush()
		L.Push(lua.LNil)
		L.Push(lua.LString(msg))
		return 2
	}
	fmt.Fprintf(h.out, "%s -> %s: mss %d bytes, rtt %s\n", a.Name(), b.Name(), st.MSS, ms(st.RTT))
	if interval > 0 && interval < duration {
		fmt.Fprintf(h.out, "%-17s  %12s  %15s  %5s  %s\n", "interval", "transfer", "bitrate", "lost", "cwnd")
	}
	first, last := st, st
	for done := time.Duration(0); done < duration; {
		step := duration - done
		if interval > 0 && interval < step {
			step = interval
		}
		run(step)
		now := fl.Stats()
		if interval > 0 && interval < duration {
			h.flush()
			fmt.Fprintf(h.out, "%s  %12s  %15s  %5d  %s\n", span(done, done+step), iperfBytes(now.Received-last.Received),
				iperfBits(now.Received-last.Received, step), now.Lost-last.Lost,
				iperfBytes(uint64(now.Cwnd*float64(now.MSS))))
			h.flush()
		}
		done += step
		last = now
	}
	fl.Stop()
	got, lost := last.Received-first.Received, last.Lost-first.Lost
	for waited := time.Duration(0); waited < iperfDrain && fl.Stats().InFlight > 0; waited += 10 * time.Millisecond {
		run(10 * time.Millisecond)
	}
	h.flush()
	fmt.Fprintf(h.out, "%s  %12s  %15s  %5d  rtt %s (%s -> %s)\n", span(0, duration), iperfBytes(got),
		iperfBits(got, duration), lost, ms(last.RTT), a.Name(), b.Name())
	h.flush()
	t := summarised(L, L.NewTable(), fmt.Sprintf("iperf %s -> %s: %s, %d lost", a.Name(), b.Name(), iperfBits(got, duration), lost))
	t.RawSetString("bits_per_second", lua.LNumber(float64(got)*8/duration.Seconds()))
	t.RawSetString("bytes", lua.LNumber(got))
	t.RawSetString("seconds", luakit.Seconds(duration))
	t.RawSetString("lost", lua.LNumber(lost))
	t.RawSetString("segments", lua.LNumber(last.Segments-first.Segments))
	t.RawSetString("mss", lua.LNumber(last.MSS))
	t.RawSetString("rtt", luakit.Seconds(last.RTT))
	t.RawSetString("rtt_min", luakit.Seconds(last.RTTMin))
	t.RawSetString("rtt_max", luakit.Seconds(last.RTTMax))
	L.Push(t)
	return 1
}

// iperfOptions reads iperf's third argument: a duration, or a table of
// options.
func (h *Host) iperfOptions(L *lua.LState) (duration, interval time.Duration, o runtime.IperfOptions) {
	duration, interval = 5*time.Second, time.Second
	positive := func(v lua.LValue, zero bool) (time.Duration, error) {
		d, err := luakit.ParseDuration(v)
		if err == nil && (d < 0 || d == 0 && !zero) {
			err = fmt.Errorf("want a duration above 0, got %v", v)
		}
		return d, err
	}
	t, ok := L.Get(3).(*lua.LTable)
	if !ok {
		if v := L.Get(3); v != lua.LNil {
			d, err := positive(v, false)
			if err != nil {
				L.RaiseError("iperf: the duration (argument 3): %v", err)
			}
			duration = d
		}
		return duration, interval, o
	}
	opts := luakit.CheckOptions(L, "iperf", t, "duration", "interval", "rate", "window")
	var err error
	if v := opts.Get("duration"); v != lua.LNil {
		if duration, err = positive(v, false); err != nil {
			opts.Fail("duration", err)
		}
	}
	if v := opts.Get("interval"); v != lua.LNil {
		if interval, err = positive(v, true); err != nil {
			opts.Fail("interval", err)
		}
	}
	if v := opts.Get("rate"); v != lua.LNil {
		if o.Rate, err = luakit.ParseRate(v); err == nil && o.Rate == 0 {
			err = fmt.Errorf("want a rate above 0, got %v", v)
		}
		if err != nil {
			opts.Fail("rate", err)
		}
	}
	if v := opts.Get("window"); v != lua.LNil {
		n, err := luakit.ParseSizeValue(v)
		if err == nil && n < 2*runtime.DefaultMTU {
			err = fmt.Errorf("want at least two segments (%d bytes), got %v", 2*runtime.DefaultMTU, v)
		}
		if err != nil {
			opts.Fail("window", err)
		}
		o.Window = int(min(n, 1<<30))
	}
	return duration, interval, o
}

// span writes an interval of the test as iperf3 does: "1.00-2.00 sec".
func span(from, to time.Duration) string {
	return fmt.Sprintf("%6.2f-%-6.2f sec", from.Seconds(), to.Seconds())
}

// iperfBytes writes a size in iperf3's units: "1.16 MBytes".
func iperfBytes(n uint64) string {
	v, units := float64(n), []string{"Bytes", "KBytes", "MBytes", "GBytes"}
	i := 0
	for ; v >= 1024 && i < len(units)-1; i++ {
		v /= 1024
	}
	return figures(v) + " " + units[i]
}

// iperfBits writes the rate of n bytes in d in iperf3's units:
// "9.71 Mbits/sec".
func iperfBits(n uint64, d time.Duration) string {
	v, units := float64(n)*8/d.Seconds(), []string{"bits/sec", "Kbits/sec", "Mbits/sec", "Gbits/sec"}
	i := 0
	for ; v >= 1000 && i < len(units)-1; i++ {
		v /= 1000
	}
	return figures(v) + " " + units[i]
}

// figures writes v to three significant figures, or as a whole number
// from 100 up: "9.71", "81.5", "1023".
func figures(v float64) string {
	switch {
	case v >= 99.95:
		return fmt.Sprintf("%.0f", v)
	case v >= 9.995:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
