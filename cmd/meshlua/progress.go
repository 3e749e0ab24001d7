package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/meshlua/meshlua/runtime"
)

// progress is the line a long mesh.run shows on a terminal: the network time reached, the wall time, frames per second,
// drops, and the time left. It is drawn on standard error when that is a
// terminal, and whatever else meshlua writes there or to standard output
// first clears it (see lineWriter), so that output never garbles it; the
// next update draws it again.
type progress struct {
	mu    sync.Mutex
	tty   *os.File // standard error, a terminal
	shown bool     // the line is on the screen
	// midLine is set while the output ends inside a line: the line
	// waits for its end, not to overwrite it.
	midLine bool
	outputs []*lineWriter // standard output and error

	// The run being watched, if any.
	nw       *runtime.Network
	from, to time.Duration
	started  time.Time
	lastSent uint64
	lastAt   time.Time
	stop     chan struct{}
	unwatch  func() // stops the virtual scheduler's calls of draw
}

// progressEvery is how often the line is drawn; progressAfter is how long
// a run goes before it shows one.
const (
	progressEvery = 250 * time.Millisecond
	progressAfter = time.Second
)

// terminalOutput returns stdout and stderr as meshlua writes to them:
// when stderr is a terminal, through a progress line that clears itself
// before their writes; otherwise unchanged.
func terminalOutput(stdout, stderr io.Writer) (io.Writer, io.Writer) {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return stdout, stderr
	}
	p := &progress{tty: f}
	p.outputs = []*lineWriter{{w: stdout, line: p}, {w: stderr, line: p}}
	return p.outputs[0], p.outputs[1]
}

// runWatcher is the progress line behind stderr, if it has one.
func runWatcher(stderr io.Writer) (*progress, bool) {
	w, ok := stderr.(*lineWriter)
	if !ok {
		return nil, false
	}
	return w.line, true
}

// lineWriter writes to w after clearing the progress line. While a run is
// watched it writes whole lines only, and keeps the end of a line until
// the rest comes (up to maxHeld bytes), so that the line is drawn below
// the output, never into it.
type lineWriter struct {
	w    io.Writer
	line *progress
	held []byte // the start of a line, not written yet
}

// maxHeld is the most of a line a lineWriter keeps back.
const maxHeld = 4 << 10

// Write clears the line and writes p, or the whole lines of what it held
// and p.
func (w *lineWriter) Write(p []byte) (int, error) {
	w.line.mu.Lock()
	defer w.line.mu.Unlock()
	w.line.clearLocked()
	data := p
	if len(w.held) > 0 {
		data = append(w.held, p...)
		w.held = w.held[:0]
	}
	if w.line.nw != nil { // a run is watched
		if i := bytes.LastIndexByte(data, '\n'); len(data)-(i+1) <= maxHeld {
			w.held = append(w.held, data[i+1:]...)
			data = data[:i+1]
		}
	}
	if len(data) > 0 {
		w.line.midLine = data[len(data)-1] != '\n'
	}
	if _, err := w.w.Write(data); err != nil {
		return 0, err
	}
	return len(p), nil
}

// release writes what w held; the caller holds the line's lock.
func (w *lineWriter) release() {
	if len(w.held) > 0 {
		w.w.Write(w.held)
		w.line.midLine = w.held[len(w.held)-1] != '\n'
		w.held = w.held[:0]
	}
}

// RunStart starts watching a run from the time from to the time to: a
// ticker has draw called every progressEvery, in virtual time by the
// scheduler between two events (Poke), in real time holding the scheduler.
func (p *progress) RunStart(nw *runtime.Network, from, to time.Duration) {
	var poke func()
	p.unwatch = func() {}
	switch s := nw.Scheduler().(type) {
	case *runtime.Virtual:
		p.unwatch = s.Watch(p.draw)
		poke = s.Poke
	case *runtime.Realtime:
		poke = func() {
			s.Hold()
			defer s.Release()
			p.draw(s.Now())
		}
	default:
		return
	}
	p.mu.Lock()
	p.nw, p.from, p.to = nw, from, to
	p.started, p.lastAt, p.lastSent = time.Now(), time.Now(), nw.Stats().Sent
	p.mu.Unlock()
	p.stop = make(chan struct{})
	go func(stop <-chan struct{}) {
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				poke()
			case <-stop:
				return
			}
		}
	}(p.stop)
}

// RunEnd stops watching the run, clears the line and writes what the
// outputs held. The ticker is not waited for: in real time it may wait
// for the scheduler, which the caller holds; it then draws nothing.
func (p *progress) RunEnd() {
	if p.stop == nil {
		return
	}
	close(p.stop)
	p.stop = nil
	p.unwatch()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nw = nil
	p.clearLocked()
	for _, w := range p.outputs {
		w.release()
	}
}

// draw draws the line, at the network time now, once the run has gone on
// for progressAfter, and while it goes on.
func (p *progress) draw(now time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	wall := time.Since(p.started)
	if p.nw == nil || wall < progressAfter || p.midLine {
		return
	}
	s := p.nw.Stats()
	at := time.Now()
	fps := float64(s.Sent-p.lastSent) / at.Sub(p.lastAt).Seconds()
	p.lastSent, p.lastAt = s.Sent, at
	parts := []string{
		fmt.Sprintf("mesh.run %s of %s", seconds(now-p.from), seconds(p.to-p.from)),
		fmt.Sprintf("%.0f%%", 100*float64(now-p.from)/float64(max(p.to-p.from, 1))),
		"wall " + seconds(wall),
		fmt.Sprintf("%.0f frames/s", fps),
		fmt.Sprintf("%d dropped", s.Dropped()),
	}
	if now > p.from {
		left := time.Duration(float64(wall) * float64(p.to-now) / float64(now-p.from))
		parts = append(parts, seconds(left)+" left")
	}
	line := strings.Join(parts, " | ")
	if w, _, err := term.GetSize(int(p.tty.Fd())); err == nil && len(line) >= w {
		line = line[:max(w-1, 0)]
	}
	fmt.Fprintf(p.tty, "\r%s\033[K", line)
	p.shown = true
}

// clearLocked takes the line off the screen, if it is there; the caller
// holds p.mu.
func (p *progress) clearLocked() {
	if p.shown {
		fmt.Fprint(p.tty, "\r\033[K")
		p.shown = false
	}
}

// seconds writes a duration as seconds: "12.3 s".
func seconds(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }
