package bench

import (
	"fmt"
	goruntime "runtime"
	"time"
)

// The targets of the frame figures.
const (
	switchTarget   = 5_000_000  // frames/s through the switch in virtual time
	realtimeTarget = 10_000_000 // frames/s through the switch on the wall clock
	relayTarget    = 300_000    // frames/s through the chain of Lua relays
	onFrameTarget  = 2_000_000  // calls/s of a minimal on_frame
	// fieldsShare is the least share of the minimal on_frame's rate an
	// on_frame reading five fields of each frame keeps: reading them costs
	// about as much as the call itself, no more.
	fieldsShare = 0.5
	allocTarget = 0.01 // heap allocations per switched frame: none but the odd growth of a queue
)

// slices is how many parts a rate is measured in: the best part counts,
// which is the one least disturbed by whatever else the machine runs.
const slices = 10

// rate sends frames into s for d and returns frames per second.
func rate(s *Stream, d time.Duration) (float64, error) {
	if err := s.Send(s.batch); err != nil { // warm up: pools, tables, caches
		return 0, err
	}
	best := 0.0
	for i := 0; i < slices; i++ {
		n := 0
		start := time.Now()
		for time.Since(start) < d/slices {
			if err := s.Send(s.batch * 16); err != nil {
				return 0, err
			}
			n += s.batch * 16
		}
		best = max(best, float64(n)/time.Since(start).Seconds())
	}
	return best, nil
}

// allocs returns the heap allocations per frame over n frames.
func allocs(s *Stream, n int) (float64, error) {
	if err := s.Send(s.batch); err != nil {
		return 0, err
	}
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	if err := s.Send(n); err != nil {
		return 0, err
	}
	goruntime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(n), nil
}

func runSwitch(cfg Config) ([]Figure, error) {
	s := Switch()
	defer s.Close()
	r, err := rate(s, cfg.measureTime())
	if err != nil {
		return nil, err
	}
	a, err := allocs(s, cfg.pick(100_000, 2_560))
	if err != nil {
		return nil, err
	}
	return []Figure{
		atLeast("switch", r, "frames/s", switchTarget,
			"64-byte frames between two native endpoints over a link with 1µs delay, virtual time"),
		atMost("switch-allocs", a, "allocs/frame", allocTarget,
			"heap allocations per switched frame: the hot path allocates nothing (the odd growth of a queue is amortized)"),
	}, nil
}

func runRelays(cfg Config) ([]Figure, error) {
	native := NativeRelayChain()
	defer native.Close()
	ref, err := rate(native, cfg.measureTime())
	if err != nil {
		return nil, err
	}
	figs := []Figure{}
	for _, c := range []struct{ name, relay, about string }{
		{"lua-relay-table", RelayTable, "4 Lua relays, node.send{port =, dst =, type =, payload =}: 6 nodes, 5 links"},
		{"lua-relay-frame", RelayFrame, "4 Lua relays, node.send(frame, port): 6 nodes, 5 links"},
	} {
		s, err := LuaRelayChain(c.relay)
		if err != nil {
			return nil, err
		}
		r, err := rate(s, cfg.measureTime())
		s.Close()
		if err != nil {
			return nil, err
		}
		figs = append(figs, atLeast(c.name, r, "frames/s", relayTarget, c.about))
	}
	return append(figs, Figure{Name: "native-relay", Value: ref, Unit: "frames/s", Target: "reference",
		About: "the same chain with native relays (runtime.Relay)"}), nil
}

func runOnFrame(cfg Config) ([]Figure, error) {
	var rates [2]float64
	for i, open := range []func() (*Stream, error){OnFrame, OnFrameFields} {
		s, err := open()
		if err != nil {
			return nil, err
		}
		rates[i], err = rate(s, cfg.measureTime())
		s.Close()
		if err != nil {
			return nil, err
		}
	}
	fields := Figure{Name: "on-frame-fields", Value: rates[1], Unit: "calls/s",
		Target: fmt.Sprintf("≥ %.1f × on-frame", fieldsShare), Ratio: rates[1] / rates[0] / fieldsShare,
		About: "the same with 64-byte frames and an on_frame that reads f.src, f.dst, f.type, f.payload and f.port"}
	return []Figure{atLeast("on-frame", rates[0], "calls/s", onFrameTarget,
		"a native node sends 14-byte frames to a Lua node whose on_frame counts them"), fields}, nil
}
