package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// endSignals are the signals that end meshlua, by the names messages give
// them.
var endSignals = map[os.Signal]string{
	syscall.SIGINT:  "SIGINT",
	syscall.SIGTERM: "SIGTERM",
	syscall.SIGHUP:  "SIGHUP",
}

// signalStatus is the exit status of a run that sig ended: 128 plus the
// signal's number (130 SIGINT, 143 SIGTERM, 129 SIGHUP), the status a shell
// reports for a process the signal killed.
func signalStatus(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// interrupted is the line meshlua ends with when sig ended the run.
func interrupted(sig os.Signal) string {
	return fmt.Sprintf("meshlua: interrupted (%s)", endSignals[sig])
}

// signals turns the signals that end meshlua into what the phase in
// progress makes of them. Before a phase has set a handler (nothing to
// clean up yet) a signal exits at once. A signal that a handler takes as
// the end of the run is said at once on stderr, while the run ends
// cleanly; a second signal then forces the exit at once.
type signals struct {
	ch     chan os.Signal
	stderr io.Writer
	done   chan struct{}
	mu     sync.Mutex
	handle func(os.Signal) bool
	ending os.Signal // the signal that ends the run, once there is one
}

// watchSignals starts watching for the signals that end meshlua; stop ends
// the watch.
func watchSignals(stderr io.Writer) *signals {
	s := &signals{ch: make(chan os.Signal, len(endSignals)), stderr: stderr, done: make(chan struct{})}
	for sig := range endSignals {
		signal.Notify(s.ch, sig)
	}
	go s.routine()
	return s
}

func (s *signals) routine() {
	for {
		select {
		case sig := <-s.ch:
			s.deliver(sig)
		case <-s.done:
			return
		}
	}
}

func (s *signals) deliver(sig os.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.ending != nil:
		fmt.Fprintf(s.stderr, "meshlua: forced exit (%s while ending)\n", endSignals[sig])
		os.Exit(signalStatus(s.ending))
	case s.handle == nil:
		fmt.Fprintln(s.stderr, interrupted(sig))
		os.Exit(signalStatus(sig))
	case s.handle(sig):
		s.ending = sig
		fmt.Fprintln(s.stderr, interrupted(sig))
	}
}

// on makes handle what a signal does from now on: it acts on the signal
// and reports whether the signal ends the run (the REPL makes Ctrl-C stop
// a chunk instead). If a signal has already ended the run, handle gets it
// at once.
func (s *signals) on(handle func(os.Signal) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handle = handle
	if s.ending != nil {
		handle(s.ending)
	}
}

// caught is the signal that ended the run, or nil.
func (s *signals) caught() os.Signal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ending
}

// stop ends the watch: the signals get their default action again.
func (s *signals) stop() {
	signal.Stop(s.ch)
	close(s.done)
}
