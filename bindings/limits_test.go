package bindings

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

func TestInterruptStopsAHungCall(t *testing.T) {
	w := &signalWriter{marker: "spinning now", seen: make(chan struct{})}
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
	err = h.RunChunk(L, "test.lua", `
mesh.node("hang", {budget = "1h", program = "function on_start() print('spinning now') while true do end end"})
mesh.run(1)`)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || !strings.Contains(out.String(), "hang: stopped: interrupted") {
		t.Errorf("got %v\n%s", err, out.String())
	}
}
