package bindings

import (
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// RunWatcher is told when each mesh.run starts and ends (cmd/meshlua
// draws a progress line on a terminal meanwhile). Both are called on the
// goroutine that runs the script, holding the network.
type RunWatcher interface {
	// RunStart is called as a run from the time from to the time to starts.
	RunStart(nw *runtime.Network, from, to time.Duration)
	// RunEnd is called when it ends, however it ends.
	RunEnd()
}

// WatchRuns makes w be told of every mesh.run, as well as the watchers
// already told (the progress line, the web view).
func (h *Host) WatchRuns(w RunWatcher) { h.runs = append(h.runs, w) }

// watchRun tells the run watchers that a run from now to to starts, and
// returns what tells them that the run ended.
func (h *Host) watchRun(to time.Duration) func() {
	for _, w := range h.runs {
		w.RunStart(h.Net, h.Net.Now(), to)
	}
	return func() {
		for _, w := range h.runs {
			w.RunEnd()
		}
	}
}
