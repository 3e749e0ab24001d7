package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/internal/suggest"
	"github.com/meshlua/meshlua/scripts"
)

// command is a subcommand of meshlua, named by the first argument.
type command struct {
	name     string
	synopsis func() string // what follows the name in the usage
	run      func(argv []string, stdout, stderr io.Writer, sigs *signals) int
}

// commands are meshlua's subcommands. They are set by init, since their
// runs print the usage, which lists them.
var commands []command

func init() {
	commands = []command{
		{"bench", benchSynopsis, func(argv []string, stdout, stderr io.Writer, _ *signals) int { return runBench(argv, stdout, stderr) }},
		{"export", exportSynopsis, runExport},
		{"sweep", sweepSynopsis, runSweep},
		{"plot", plotSynopsis, runPlot},
	}
}

// run is meshlua with arguments argv; it returns the exit status. Its
// phases: parse the command line, then a session runs the script.
func run(argv []string, stdout, stderr io.Writer) int {
	stdout, stderr = terminalOutput(stdout, stderr)
	sigs := watchSignals(stderr)
	defer sigs.stop()
	for _, c := range commands {
		if len(argv) > 0 && argv[0] == c.name {
			return c.run(argv[1:], stdout, stderr, sigs)
		}
	}
	o, status := parse(argv, stdout, stderr)
	if o == nil {
		return status
	}
	return runSession(o, stdout, stderr, sigs, nil)
}

// runSession loads the script, then a session over one network runs the
// script, the REPL if asked for, then end (if any, unless the run failed
// or a signal ended it), and closes; it returns the exit status.
func runSession(o *options, stdout, stderr io.Writer, sigs *signals, end func(*session) int) int {
	chunks, dir, status := load(o, stderr)
	if status != 0 {
		return status
	}
	s, err := newSession(o, dir, stdout, stderr, sigs)
	if err != nil {
		return badUsage(err, stderr)
	}
	status = s.runScript(o.args, chunks)
	if s.interactive && s.L != nil && sigs.caught() == nil {
		status = max(status, s.interact())
	} else if !s.interactive && s.L != nil && sigs.caught() == nil {
		s.serveOn()
	}
	if end != nil && status == 0 && sigs.caught() == nil {
		status = end(s)
	}
	return s.close(status)
}

// parse reads the command line. Without options to run it has done what
// was asked (the usage, the version, or an error) and returns nil and the
// exit status.
func parse(argv []string, stdout, stderr io.Writer) (*options, int) {
	o, err := parseArgs(argv)
	switch {
	case err != nil:
		return nil, badUsage(err, stderr)
	case o.help:
		writeUsage(stdout)
		return nil, 0
	case o.version:
		fmt.Fprintf(stdout, "meshlua %s\n", version)
		return nil, 0
	}
	return o, 0
}

// badUsage says what was wrong with the command line, then the usage, and
// returns the exit status 2.
func badUsage(err error, stderr io.Writer) int {
	fmt.Fprintf(stderr, "meshlua: %s\n", err)
	writeUsage(stderr)
	return 2
}

// chunk is Lua to run, and the name messages give it.
type chunk struct{ name, src string }

// load gathers the -e chunks and the script in the order they run, and the
// folder where the script's program paths start. A script that cannot be
// read gives the exit status 2.
func load(o *options, stderr io.Writer) ([]chunk, string, int) {
	var chunks []chunk
	for i, src := range o.chunks {
		chunks = append(chunks, chunk{fmt.Sprintf("-e#%d", i+1), src})
	}
	if o.file == "" {
		return chunks, ".", 0
	}
	b, err := os.ReadFile(o.file)
	switch {
	case err == nil:
		return append(chunks, chunk{o.file, string(b)}), filepath.Dir(o.file), 0
	case errors.Is(err, os.ErrNotExist):
		src, ok := scripts.Get(o.file)
		if !ok {
			fmt.Fprintf(stderr, "meshlua: cannot open %s: no such file (and no example by that name)%s\n", o.file, commandHint(o.file))
			return nil, "", 2
		}
		name := filepath.Base(o.file)
		if filepath.Ext(name) != ".lua" {
			name += ".lua"
		}
		return append(chunks, chunk{name, src}), ".", 0
	}
	fmt.Fprintf(stderr, "meshlua: cannot open %s: %v\n", o.file, err)
	return nil, "", 2
}

// commandHint suggests the command that name most likely misspells, if
// any: "; did you mean meshlua bench?".
func commandHint(name string) string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	if near := suggest.Typo(name, names); near != "" {
		return "; did you mean meshlua " + near + "?"
	}
	return ""
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

// flushWriter is where the network's log and the script's print go.
type flushWriter interface {
	io.Writer
	Flush() error
}
