package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/meshlua/meshlua/internal/sweep"
	"github.com/meshlua/meshlua/scripts"
)

// sweepOptions are the command line of meshlua sweep.
type sweepOptions struct {
	seeds  seedList
	params sweepParams
	jobs   int
	out    string
	plot   bool
	help   bool
	script string   // the script
	args   []string // its arguments
}

// flags is the flag set of meshlua sweep, which sets o's fields.
func (o *sweepOptions) flags() *flag.FlagSet {
	fs := newFlagSet("meshlua sweep")
	fs.Var(&o.seeds, "seeds", "run each point with the seeds `A-B` (or a list: 1,5,9; 1-10,20); default 1")
	fs.Var(&o.params, "set", "sweep the parameter over the values `NAME=V1,V2,...`; may be repeated")
	fs.IntVar(&o.jobs, "jobs", goruntime.NumCPU(), "run `N` runs at a time")
	fs.StringVar(&o.out, "out", "", "write the runs and tables to the folder `DIR` (made if need be; a sweep into it again resumes)")
	fs.BoolVar(&o.plot, "plot", false, "then draw each result against the first parameter, a line per value of the second, to DIR/RESULT-X-BY.svg and .png")
	for _, name := range []string{"h", "help"} {
		fs.BoolVar(&o.help, name, false, "print this usage")
	}
	return fs
}

// seedList is the value of --seeds.
type seedList []uint64

// String is the seeds, a comma apart.
func (s *seedList) String() string {
	var out []string
	for _, x := range *s {
		out = append(out, strconv.FormatUint(x, 10))
	}
	return strings.Join(out, ",")
}

// Set reads the seeds.
func (s *seedList) Set(v string) error {
	seeds, err := sweep.ParseSeeds(v)
	*s = seeds
	return err
}

// sweepParams is the value of --set in a sweep, which may be repeated:
// the parameters in the order given.
type sweepParams []sweep.Param

// String is the parameters as the command line gives them.
func (p *sweepParams) String() string {
	var out []string
	for _, x := range *p {
		out = append(out, x.Name+"="+strings.Join(x.Values, ","))
	}
	return strings.Join(out, " ")
}

// Set reads one NAME=V1,V2,....
func (p *sweepParams) Set(v string) error {
	x, err := sweep.ParseParam(v)
	if err != nil {
		return err
	}
	for _, y := range *p {
		if y.Name == x.Name {
			return fmt.Errorf("parameter %s given twice", x.Name)
		}
	}
	*p = append(*p, x)
	return nil
}

// sweepSynopsis is what follows `meshlua sweep` in a usage's first line.
func sweepSynopsis() string {
	return "FILE.lua --out DIR [--seeds A-B] [--set NAME=V1,V2,...]... [--jobs N] [--plot] [-- ARGS...]"
}

// writeSweepUsage writes the usage of meshlua sweep.
func writeSweepUsage(w io.Writer) {
	fmt.Fprintf(w, `usage: meshlua sweep %s
  runs the script once for every combination of the parameters' values
  and every seed, each run a meshlua process of its own, and writes
  DIR/runs.csv (a row per run), DIR/summary.csv (per point and result: runs,
  mean, sd, 95%% confidence interval) and DIR/runs/ID.json (each run's
  report); prints the summary. Options may come before or after FILE; ARGS,
  after --, go to the script.
`, sweepSynopsis())
	writeOptions(w, new(sweepOptions).flags())
}

// parse reads the command line of meshlua sweep: options and the script
// in any order, then the script's arguments after --.
func (o *sweepOptions) parse(argv []string) error {
	words, rest, err := parseInterleaved(o.flags(), argv)
	switch {
	case err != nil:
		return err
	case o.help:
		return nil
	case len(words) == 0:
		return errors.New("give the script to sweep: meshlua sweep FILE.lua --out DIR")
	case len(words) > 1:
		return fmt.Errorf("one script at a time (got %s); its arguments go after --", strings.Join(words, " "))
	case o.out == "":
		return errors.New("give the folder for the runs and tables: --out DIR")
	case o.jobs < 1:
		return fmt.Errorf("--jobs: bad value %d: run at least one at a time", o.jobs)
	}
	o.script, o.args = words[0], rest
	if len(o.seeds) == 0 {
		o.seeds = seedList{1}
	}
	if _, err := os.Stat(o.script); err != nil {
		if _, ok := scripts.Get(o.script); !ok {
			return fmt.Errorf("cannot open %s: no such file (and no example by that name)", o.script)
		}
	}
	return nil
}

// usageFirst does what a subcommand's command line asks before any work:
// after err, the error of its parse, it says what is wrong and prints the
// usage on stderr (exit status 2); with -h (*help) it prints the usage on
// stdout (status 0). done is false when the command is to go on.
func usageFirst(name string, err error, help *bool, usage func(io.Writer), stdout, stderr io.Writer) (status int, done bool) {
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "meshlua %s: %v\n", name, err)
		usage(stderr)
		return 2, true
	case *help:
		usage(stdout)
		return 0, true
	}
	return 0, false
}

// runSweep is `meshlua sweep ARGS...`; it returns the exit status: 0 when
// every run ended well, 1 when some failed (each is a row of runs.csv with
// its error) or the sweep itself failed, 2 for bad usage, 128 plus the
// signal's number when a signal stopped it.
func runSweep(argv []string, stdout, stderr io.Writer, sigs *signals) int {
	var o sweepOptions
	if status, done := usageFirst("sweep", o.parse(argv), &o.help, writeSweepUsage, stdout, stderr); done {
		return status
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "meshlua sweep: cannot find meshlua to run: %v\n", err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs.on(func(os.Signal) bool { cancel(); return true })
	c := sweep.Config{Script: o.script, Args: o.args, Params: o.params, Seeds: o.seeds, Jobs: o.jobs, Dir: o.out,
		Command: []string{self}}
	progress := newProgressLine(stderr)
	c.Progress = progress.show
	outcome, err := c.Run(ctx)
	progress.clear()
	if outcome != nil && outcome.Summary != nil {
		outcome.Summary.WriteTable(stdout)
	}
	if sig := sigs.caught(); sig != nil {
		return signalStatus(sig)
	}
	if err != nil {
		fmt.Fprintf(stderr, "meshlua sweep: %v\n", err)
		return 1
	}
	if o.plot {
		if err := plotSweep(o.out, outcome.Summary); err != nil {
			fmt.Fprintf(stderr, "meshlua sweep: --plot: %v\n", err)
			return 1
		}
	}
	if n := outcome.Failed(); n > 0 {
		fmt.Fprintf(stderr, "meshlua sweep: %d of %d runs failed (their errors are in %s)\n", n, len(outcome.Runs), filepath.Join(o.out, sweep.RunsFile))
		return 1
	}
	return 0
}

// progressLine shows a sweep's progress on one line of a terminal, and
// nothing on anything else.
type progressLine struct {
	w     io.Writer // nil: not a terminal
	shown bool
}

func newProgressLine(w io.Writer) *progressLine {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &progressLine{w: w}
	}
	return &progressLine{}
}

// show writes p over the line shown before.
func (l *progressLine) show(p sweep.Progress) {
	if l.w == nil {
		return
	}
	fmt.Fprintf(l.w, "\r\033[K%d/%d runs, %d failed, %v left", p.Done, p.Total, p.Failed, p.Left().Round(time.Second))
	l.shown = true
}

// clear removes the line.
func (l *progressLine) clear() {
	if l.shown {
		fmt.Fprint(l.w, "\r\033[K")
	}
}
