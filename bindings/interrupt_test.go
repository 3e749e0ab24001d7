package bindings

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// signalWriter reports on a channel when a line with a marker is written.
type signalWriter struct {
	marker string
	seen   chan struct{}
}

func (w *signalWriter) Write(b []byte) (int, error) {
	if strings.Contains(string(b), w.marker) {
		close(w.seen)
	}
	return len(b), nil
}

// Host.Interrupt (Ctrl-C, a signal) stops a node's call that would run for
// an hour: a loop in a handler, a pattern that backtracks without end. The
// node prints marker once its call runs; src is the script.
func TestInterruptStopsHungCalls(t *testing.T) {
	for _, c := range []struct{ name, marker, src string }{
		{"loop", "spinning now", `
mesh.node("hang", {budget = "1h", program = "function on_start() print('spinning now') while true do end end"})
mesh.run(1)`},
		{"pattern", "matching now", `
local hang = mesh.node("hang", {budget = "1h", program = [[
function spin() print("matching now") return string.find(string.rep("a", 1e5), ".-.-.-b") end]]})
hang:call("spin")`},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := &signalWriter{marker: c.marker, seen: make(chan struct{})}
			var out bytes.Buffer
			h := NewHost(io.MultiWriter(w, &out), t.TempDir())
			defer h.Close()
			L, err := h.ScriptState(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer L.Close()
			go func() {
				<-w.seen
				h.Interrupt()
			}()
			err = h.RunChunk(L, "test.lua", c.src)
			if err == nil || !strings.Contains(err.Error(), "interrupted") || !strings.Contains(out.String(), "hang: stopped: interrupted") {
				t.Errorf("got %v\n%s", err, out.String())
			}
		})
	}
}
