package bindings

import (
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

func TestInterruptStopsARunawayMatch(t *testing.T) {
	w := &signalWriter{marker: "matching now", seen: make(chan struct{})}
	h := NewHost(io.MultiWriter(w), t.TempDir())
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
	err = h.RunChunk(L, "test.lua", `
local n = mesh.node("n", {budget = "1h", program = [[
function spin() print("matching now") return string.find(string.rep("a", 1e5), ".-.-.-b") end]]})
n:call("spin")`)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("got %v, want the call interrupted", err)
	}
}
