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

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/scripts"
)

// run is meshlua with arguments argv; it returns the exit status.
func run(argv []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(argv)
	if err != nil {
		if msg := err.Error(); msg != "" {
			fmt.Fprintf(stderr, "meshlua: %s\n", msg)
		}
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
	if o.file == "" && len(o.chunks) == 0 || o.interact {
		fmt.Fprintln(stderr, "meshlua: the interactive REPL is not part of this build yet; run a script: meshlua FILE.lua")
		return 2
	}

	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	host := bindings.NewHost(out, dir)
	if o.seedSet {
		host.FixSeed(o.seed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	go func() {
		if _, ok := <-interrupts; ok {
			host.Net.Scheduler().Interrupt()
			cancel()
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
	if err := host.Close(); err != nil && status == 0 {
		out.Flush()
		fmt.Fprintf(stderr, "meshlua: %v\n", err)
		status = 1
	}
	if ctx.Err() != nil && status != 0 {
		status = 130
	}
	return status
}

// report prints err and returns the exit status it calls for.
func report(err error, out *bufio.Writer, stderr io.Writer) int {
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
