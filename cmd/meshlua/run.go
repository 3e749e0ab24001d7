package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/repl"
	"github.com/meshlua/meshlua/scripts"
)

// run is meshlua with arguments argv; it returns the exit status.
func run(argv []string, stdout, stderr io.Writer) int {
	if len(argv) > 0 && argv[0] == "bench" {
		return runBench(argv[1:], stdout, stderr)
	}
	o, err := parseArgs(argv)
	if err != nil {
		if msg := err.Error(); msg == "" {
			fmt.Fprint(stdout, usage) // -h asked for it
			return 0
		}
		fmt.Fprintf(stderr, "meshlua: %s\n", err)
		fmt.Fprint(stderr, usage)
		return 2
	}
	if o == nil {
		fmt.Fprintf(stdout, "meshlua %s\n", version)
		return 0
	}

	name, src, dir := "", "", "."
	if o.file != "" {
		b, err := os.ReadFile(o.file)
		switch {
		case err == nil:
			name, src, dir = o.file, string(b), filepath.Dir(o.file)
		case errors.Is(err, os.ErrNotExist):
			s, ok := scripts.Get(o.file)
			if !ok {
				fmt.Fprintf(stderr, "meshlua: cannot open %s: no such file (and no example by that name)\n", o.file)
				return 2
			}
			name, src = filepath.Base(o.file), s
			if filepath.Ext(name) != ".lua" {
				name += ".lua"
			}
		default:
			fmt.Fprintf(stderr, "meshlua: cannot open %s: %v\n", o.file, err)
			return 2
		}
	}
	interactive := o.file == "" && len(o.chunks) == 0 || o.interact

	var out flushWriter = bufio.NewWriterSize(stdout, 64<<10)
	if interactive {
		out = repl.NewOutput(stdout, 1<<20)
	}
	defer out.Flush()
	host := bindings.NewHost(out, dir)
	if !interactive {
		host.Net.SetIdle(func() { out.Flush() }) // real-time output shows as it happens
	}
	if o.seedSet {
		host.FixSeed(o.seed)
	}
	// Ctrl-C: while the script runs it stops the script; in the REPL it
	// stops the chunk that runs and the REPL stays.
	interrupts := make(chan struct{}, 1)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt)
	defer signal.Stop(signals)
	go func() {
		for range signals {
			select {
			case interrupts <- struct{}{}:
			default:
			}
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	scriptDone := make(chan struct{})
	go func() {
		select {
		case <-interrupts:
			host.Net.Interrupt()
			cancel()
		case <-scriptDone:
		}
	}()

	L, err := host.ScriptState(ctx, o.args)
	if err != nil {
		fmt.Fprintf(stderr, "meshlua: %v\n", err)
		return 1
	}
	defer L.Close()
	status := 0
	for i, chunk := range o.chunks {
		if status = report(host.RunChunk(L, fmt.Sprintf("-e#%d", i+1), chunk), out, stderr); status != 0 {
			break
		}
	}
	if status == 0 && src != "" {
		status = report(host.RunChunk(L, name, src), out, stderr)
	}
	close(scriptDone)
	if ctx.Err() != nil && status != 0 {
		status = 130
	}
	if interactive && ctx.Err() == nil {
		status = max(status, interact(host, L, out, stderr, interrupts))
	}
	if err := host.Close(); err != nil && status == 0 {
		out.Flush()
		fmt.Fprintf(stderr, "meshlua: %v\n", err)
		status = 1
	}
	return status
}

// report prints err and returns the exit status it calls for.
func report(err error, out flushWriter, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	out.Flush()
	var se *bindings.SyntaxError
	var re *bindings.ScriptError
	switch {
	case errors.As(err, &se):
		fmt.Fprintln(stderr, se.Error())
		return 2
	case errors.As(err, &re):
		fmt.Fprintf(stderr, "meshlua: %s\n", re.Msg)
		if re.Trace != "" {
			fmt.Fprintln(stderr, re.Trace)
		}
		return 1
	}
	fmt.Fprintf(stderr, "meshlua: %v\n", err)
	return 1
}

// interact runs the REPL on the terminal over the network host built; it
// returns 1 if the terminal failed.
func interact(host *bindings.Host, L *lua.LState, out flushWriter, stderr io.Writer, interrupts <-chan struct{}) int {
	L.RemoveContext()
	r := repl.New(host, L, out, stderr)
	r.Interrupts = interrupts
	term := repl.NewTerminal(r)
	err := r.Run(term)
	if cerr := term.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "meshlua: %v\n", err)
		return 1
	}
	return 0
}

// flushWriter is where the network's log and the script's print go.
type flushWriter interface {
	io.Writer
	Flush() error
}
