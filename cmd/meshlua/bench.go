package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/meshlua/meshlua/bench"
)

const benchUsage = `usage: meshlua bench [--json] [--quick] [NAME...]
  measures meshlua's performance figures (a few minutes) and prints each
  beside its target, with the machine they were measured on
  NAME      run only these benchmarks: %s
  --json    print JSON instead of a table
  --quick   measure briefly on small networks: checks that the suite runs
`

// runBench is `meshlua bench ARGS...`; it returns the exit status.
func runBench(argv []string, stdout, stderr io.Writer) int {
	var cfg bench.Config
	asJSON := false
	var names []string
	for _, a := range argv {
		switch {
		case a == "--json":
			asJSON = true
		case a == "--quick":
			cfg.Quick = true
		case a == "-h" || a == "--help":
			fmt.Fprintf(stdout, benchUsage, benchNames())
			return 0
		case strings.HasPrefix(a, "-"):
			fmt.Fprintf(stderr, "meshlua bench: unknown option %s\n", a)
			fmt.Fprintf(stderr, benchUsage, benchNames())
			return 2
		case !bench.Known(a):
			fmt.Fprintf(stderr, "meshlua bench: no benchmark called %q\n", a)
			fmt.Fprintf(stderr, benchUsage, benchNames())
			return 2
		default:
			names = append(names, a)
		}
	}
	figs, err := bench.Run(cfg, names, func(c bench.Case) {
		fmt.Fprintf(stderr, "meshlua bench: %s: %s\n", c.Name, c.About)
	})
	r := &bench.Report{Machine: bench.ThisMachine(), Figures: figs}
	if asJSON {
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

func benchNames() string {
	var s []string
	for _, c := range bench.Cases() {
		s = append(s, c.Name)
	}
	return strings.Join(s, ", ")
}
