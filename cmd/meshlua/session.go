package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/repl"
)

// session is one run of meshlua over one network, in three phases: the
// script (the -e chunks and the script file), the REPL if asked for, and
// closing the network. A signal that ends the run stops the phase in
// progress and skips to closing, which runs as at a normal end.
type session struct {
	host        *bindings.Host
	L           *lua.LState // the script's state, once made
	out         flushWriter
	stderr      io.Writer
	sigs        *signals
	interactive bool
	exp         experimentOptions
	err         error // the error that ended the script, if one did
}

// stopGrace is how long the nodes' on_stop handlers may run, after a
// signal ended the run, before their calls are interrupted.
const stopGrace = time.Second

// newSession makes the network the options ask for, printing to stdout;
// dir is the folder where program paths start. Its error is bad usage: a
// budget that the network refuses.
func newSession(o *options, dir string, stdout, stderr io.Writer, sigs *signals) (*session, error) {
	s := &session{stderr: stderr, sigs: sigs, interactive: o.file == "" && len(o.chunks) == 0 || o.interact, exp: o.exp}
	s.out = bufio.NewWriterSize(stdout, 64<<10)
	if s.interactive {
		s.out = repl.NewOutput(stdout, 1<<20)
	}
	s.host = bindings.NewHost(s.out, dir)
	if err := s.host.SetBudgets(o.budget, o.memory); err != nil { // it refuses only a memory budget below the least
		s.host.Close()
		return nil, fmt.Errorf("--memory: %w", err)
	}
	if err := o.capture.start(s.host, stderr); err != nil {
		s.host.Close()
		return nil, err
	}
	if err := o.ui.start(s.host, stderr); err != nil {
		s.host.Close()
		return nil, err
	}
	if p, ok := runWatcher(stderr); ok {
		s.host.WatchRuns(p) // a progress line on the terminal
	}
	if !s.interactive {
		s.host.Net.SetIdle(func() { s.out.Flush() }) // real-time output shows as it happens
	}
	if o.seed.set {
		s.host.FixSeed(o.seed.n)
	}
	s.host.SetParams(o.exp.params)
	if err := s.exp.trace.start(s.host.Net); err != nil {
		s.host.Close()
		return nil, err
	}
	return s, nil
}

// runScript runs the chunks in order, with args in the global arg, until
// one fails, and returns the exit status. A signal stops the script and
// the network's run, and node calls that go on (repl.Interrupt); the
// status is then close's to give.
func (s *session) runScript(args []string, chunks []chunk) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	s.sigs.on(func(os.Signal) bool {
		cancel()
		go repl.Interrupt(s.host, repl.HungCall, done)
		return true
	})
	L, err := s.host.ScriptState(ctx, args)
	if err != nil {
		if s.sigs.caught() != nil {
			return 0
		}
		fmt.Fprintf(s.stderr, "meshlua: %v\n", err)
		s.err = err
		return 1
	}
	s.L = L
	for _, c := range chunks {
		err := s.host.RunChunk(L, c.name, c.src)
		if s.sigs.caught() != nil {
			return 0
		}
		if status := report(err, s.out, s.stderr); status != 0 {
			s.err = err
			return status
		}
	}
	return 0
}

// interact runs the REPL on the terminal over the network the script
// built, and returns 1 if the terminal failed. Ctrl-C (SIGINT) stops the
// chunk that runs and the REPL stays; SIGTERM and SIGHUP end the session.
func (s *session) interact() int {
	interrupts := make(chan struct{}, 1)
	stop := make(chan struct{})
	done := make(chan struct{})
	defer close(done)
	s.sigs.on(func(sig os.Signal) bool {
		if sig == syscall.SIGINT {
			select {
			case interrupts <- struct{}{}:
			default:
			}
			return false
		}
		close(stop)
		go repl.Interrupt(s.host, repl.HungCall, done)
		return true
	})
	s.L.RemoveContext()
	r := repl.New(s.host, s.L, s.out, s.stderr)
	r.Interrupts, r.Stop = interrupts, stop
	term := repl.NewTerminal(r)
	if repl.Interactive() {
		fmt.Fprintln(s.out, repl.Welcome)
	}
	err := r.Run(term)
	if cerr := term.Close(); err == nil || errors.Is(err, repl.ErrStopped) {
		err = cerr // the history is saved when a signal ends the session too
	}
	if err != nil {
		fmt.Fprintf(s.stderr, "meshlua: %v\n", err)
		return 1
	}
	return 0
}

// close closes the network (the nodes' on_stop handlers run, captures are
// completed), flushes the output and returns the exit status: status, 1 if
// closing failed, or the status of the signal that ended the run. After a
// signal, on_stop handlers get stopGrace before their calls are
// interrupted.
func (s *session) close(status int) int {
	done := make(chan struct{})
	s.sigs.on(func(os.Signal) bool {
		go repl.Interrupt(s.host, stopGrace, done)
		return true
	})
	err := s.host.Close()
	close(done)
	if err != nil {
		fmt.Fprintf(s.stderr, "meshlua: %v\n", err)
		status = max(status, 1)
		s.err = cmp.Or(s.err, err)
	}
	status = s.finishExperiment(status, s.err)
	if s.L != nil {
		s.L.Close()
	}
	s.out.Flush()
	if sig := s.sigs.caught(); sig != nil {
		return signalStatus(sig)
	}
	return status
}
