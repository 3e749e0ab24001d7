package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/meshlua/meshlua/bench"
	"github.com/meshlua/meshlua/internal/suggest"
)

// benchOptions are the command line of meshlua bench.
type benchOptions struct {
	cfg    bench.Config
	asJSON bool
	help   bool
}

// flags is the flag set of meshlua bench, which sets o's fields.
func (o *benchOptions) flags() *flag.FlagSet {
	fs := newFlagSet("meshlua bench")
	fs.BoolVar(&o.asJSON, "json", false, "print JSON instead of a table")
	fs.BoolVar(&o.cfg.Quick, "quick", false, "measure briefly on small networks: checks that the suite runs")
	for _, name := range []string{"h", "help"} {
		fs.BoolVar(&o.help, name, false, "print this usage")
	}
	return fs
}

// benchSynopsis is what follows `meshlua bench` in a usage's first line.
func benchSynopsis() string { return synopsis(new(benchOptions).flags()) + " [NAME...]" }

// writeBenchUsage writes the usage of meshlua bench.
func writeBenchUsage(w io.Writer) {
	fmt.Fprintf(w, `usage: meshlua bench %s
  measures meshlua's performance figures (a few minutes) and prints each
  beside its target, with the machine they were measured on
  NAME      run only these benchmarks: %s
`, benchSynopsis(), strings.Join(benchNames(), ", "))
	writeOptions(w, new(benchOptions).flags())
}

// runBench is `meshlua bench ARGS...`; it returns the exit status. Options
// may come among the names.
func runBench(argv []string, stdout, stderr io.Writer) int {
	var o benchOptions
	names, err := o.parse(argv)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "meshlua bench: %v\n", err)
		writeBenchUsage(stderr)
		return 2
	case o.help:
		writeBenchUsage(stdout)
		return 0
	}
	o.cfg.Meshlua = self
	figs, err := bench.Run(o.cfg, names, func(c bench.Case) {
		fmt.Fprintf(stderr, "meshlua bench: %s: %s\n", c.Name, c.About)
	})
	r := &bench.Report{Machine: bench.ThisMachine(), Figures: figs}
	if o.asJSON {
		r.WriteJSON(stdout)
	} else {
		r.WriteTable(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "meshlua bench: %v\n", err)
		return 1
	}
	return 0
}

// parse reads the options and returns the names of the benchmarks to run.
func (o *benchOptions) parse(argv []string) ([]string, error) {
	fs := o.flags()
	var names []string
	for {
		if err := parseFlags(fs, argv); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return names, nil
		}
		name := fs.Arg(0)
		if !bench.Known(name) {
			if near := suggest.Typo(name, benchNames()); near != "" {
				return nil, fmt.Errorf("no benchmark called %q (did you mean %s?)", name, near)
			}
			return nil, fmt.Errorf("no benchmark called %q", name)
		}
		names, argv = append(names, name), fs.Args()[1:]
	}
}

// benchNames are the names of the benchmarks.
func benchNames() []string {
	var s []string
	for _, c := range bench.Cases() {
		s = append(s, c.Name)
	}
	return s
}
