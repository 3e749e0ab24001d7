package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// writeUsage writes meshlua's usage; its options are those of the flag set.
func writeUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: meshlua [OPTION...] [FILE.lua [ARGS...]]")
	for _, c := range commands {
		fmt.Fprintf(w, "       meshlua %s %s   (meshlua %s -h)\n", c.name, c.synopsis(), c.name)
	}
	fmt.Fprint(w, `  (no FILE)   open the REPL on an empty network
  FILE.lua    run a script; ARGS, even those like options, go to the global
              table arg (a name like "quickstart" runs the embedded example)
options, before FILE (--seed 7, --seed=7 and -seed 7 are the same):
`)
	writeOptions(w, new(options).flags())
	fmt.Fprint(w, `exit status: 0 success; 1 error while running; 2 bad usage or a syntax error;
  130/143/129 ended by SIGINT/SIGTERM/SIGHUP: the network is closed as at a
  normal end (output and captures complete); a second signal forces the exit.
  In the REPL Ctrl-C stops the chunk that runs; SIGTERM and SIGHUP end it.
`)
}

// writeOptions writes a line for each option of fs: its names, its value's
// name (the back-quoted word of its text, see flag.UnquoteUsage) and its
// text. Names that share a value (-h, --help) share the line.
func writeOptions(w io.Writer, fs *flag.FlagSet) {
	type line struct{ names, text string }
	var lines []line
	byValue := map[flag.Value]int{}
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		name := strings.TrimSpace(dashed(f.Name) + " " + arg)
		if i, ok := byValue[f.Value]; ok {
			lines[i].names += ", " + name
			return
		}
		byValue[f.Value] = len(lines)
		lines = append(lines, line{name, text})
	})
	width := 0
	for _, l := range lines {
		width = max(width, len(l.names))
	}
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l.names, l.text)
	}
}

// synopsis is the options of fs as a usage's first line shows them, but
// for -h: "[--json] [--quick]".
func synopsis(fs *flag.FlagSet) string {
	var s []string
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "h" && f.Name != "help" {
			arg, _ := flag.UnquoteUsage(f)
			s = append(s, "["+strings.TrimSpace(dashed(f.Name)+" "+arg)+"]")
		}
	})
	return strings.Join(s, " ")
}
