package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/meshlua/meshlua/bindings"
)

// experimentOptions are the options that make a run an experiment: the
// parameters mesh.param reads, and the files a run's results, series and
// counters go to, each written whole when the run ends, however it ends.
type experimentOptions struct {
	params paramList
	report string // --report: the report's JSON file
	series string // --series: the series' CSV or JSON lines file
	stats  string // --stats: the counters' JSON file
	trace  traceOptions
}

// flags adds the experiment's options to fs.
func (e *experimentOptions) flags(fs *flag.FlagSet) {
	fs.Var(&e.params, "set", "give mesh.param the parameter `NAME=VALUE`; may be repeated")
	fs.Var((*outputPath)(&e.report), "report", "write the run's parameters and mesh.report results to `FILE.json`")
	fs.Var(&seriesPath{&e.series}, "series", "write the mesh.series rows to `FILE`: CSV, or JSON lines if it ends in .jsonl")
	fs.Var((*outputPath)(&e.stats), "stats", "write the final counters of the network, nodes, ports and links to `FILE.json`")
	e.trace.flags(fs)
}

// paramList is the value of --set, which may be repeated: each
// parameter's value as written, by name.
type paramList map[string]string

// String is the parameters as the command line gives them, by name.
func (p *paramList) String() string {
	var s []string
	for name, v := range *p {
		s = append(s, name+"="+v)
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

// Set reads one NAME=VALUE.
func (p *paramList) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || !bindings.ColumnName.MatchString(name) {
		return fmt.Errorf("bad parameter %q: use NAME=VALUE, NAME a letter or _, then letters, digits or _ (--set loss=0.1)", s)
	}
	if *p == nil {
		*p = paramList{}
	}
	if old, twice := (*p)[name]; twice {
		return fmt.Errorf("parameter %s given twice (%s=%s and %s)", name, name, old, s)
	}
	(*p)[name] = value
	return nil
}

// outputPath is the value of an option naming a file to write: a path in
// a folder that exists, so that a run does not end, maybe hours later,
// without the file it was asked for.
type outputPath string

// String is the path.
func (o *outputPath) String() string { return string(*o) }

// Set reads the path.
func (o *outputPath) Set(s string) error {
	if s == "" {
		return errors.New("give the path of a file")
	}
	dir := filepath.Dir(s)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("cannot write %s: there is no folder %s", s, dir)
	}
	*o = outputPath(s)
	return nil
}

// seriesPath is the value of --series: an outputPath whose name says the
// format.
type seriesPath struct{ path *string }

// String is the path.
func (s *seriesPath) String() string {
	if s.path == nil {
		return ""
	}
	return *s.path
}

// Set reads the path.
func (s *seriesPath) Set(v string) error {
	if !strings.HasSuffix(v, ".csv") && !strings.HasSuffix(v, ".jsonl") {
		return fmt.Errorf("bad file %q: its name ends in .csv (CSV) or .jsonl (JSON lines)", v)
	}
	return (*outputPath)(s.path).Set(v)
}

// finishExperiment writes the files the options ask for, once the network
// is closed, and says what the run left to say: the results, unless a
// report file takes them, and, after a run that ended well, the
// parameters given that the script never read. status is the run's exit
// status so far and err its error, if any; it returns the status, 1 if a
// file could not be written.
func (s *session) finishExperiment(status int, err error) int {
	e := s.exp
	how := bindings.Outcome{Status: "ok"}
	switch {
	case s.sigs.caught() != nil:
		how = bindings.Outcome{Status: "interrupted", Error: interrupted(s.sigs.caught())}
	case status != 0:
		how.Status = "error"
		if err != nil {
			how.Error = err.Error()
		}
	}
	for _, f := range []struct {
		option, path string
		write        func(string) error
	}{
		{"--report", e.report, func(path string) error { return s.host.WriteReport(path, how) }},
		{"--series", e.series, s.host.WriteSeries},
		{"--stats", e.stats, s.host.WriteStats},
	} {
		if f.path == "" {
			continue
		}
		if err := f.write(f.path); err != nil {
			fmt.Fprintf(s.stderr, "meshlua: %s: %v\n", f.option, err)
			status = max(status, 1)
		}
	}
	if e.report == "" && s.host.Reported() {
		s.host.WriteResults()
	}
	if how.Status == "ok" {
		for _, w := range s.host.UnreadParams() {
			fmt.Fprintf(s.stderr, "meshlua: warning: %s\n", w)
		}
		e.trace.warn(s.host.Net, s.stderr)
	}
	return status
}
