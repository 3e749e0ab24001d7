package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOptionValuesTakeEveryForm(t *testing.T) {
	chunk := "print(math.random(1000000))"
	_, want, _ := meshlua(t, "--seed", "7", "-e", chunk)
	for _, args := range [][]string{
		{"--seed=7", "-e", chunk},
		{"-seed", "7", "-e", chunk},
		{"-seed=7", "--e=" + chunk},
	} {
		if status, out, stderr := meshlua(t, args...); status != 0 || out != want {
			t.Errorf("meshlua %q: status %d, out %q, stderr %q; want the output of --seed 7, %q", args, status, out, stderr, want)
		}
	}
	if _, other, _ := meshlua(t, "--seed", "8", "-e", chunk); other == want {
		t.Errorf("--seed 8 printed what --seed 7 did: %q", want)
	}
}

func TestArgumentsAfterTheScriptAreItsOwn(t *testing.T) {
	path := writeScript(t, "args.lua", "print(table.concat(arg, ' '))\n")
	status, out, stderr := meshlua(t, "-i=false", path, "--seed", "x", "-e", "--", "--nosuch")
	if status != 0 || out != "--seed x -e -- --nosuch\n" {
		t.Errorf("status %d, out %q, stderr %q", status, out, stderr)
	}
	t.Chdir(filepath.Dir(writeScript(t, "-dash.lua", "print('ran')\n")))
	if status, out, stderr := meshlua(t, "--", "-dash.lua"); status != 0 || out != "ran\n" {
		t.Errorf("-- then a name starting with -: status %d, out %q, stderr %q", status, out, stderr)
	}
}

// TestUsageErrors holds parseFlags to the words of the flag package's
// errors, and meshlua to its own.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		line string // the first line on stderr
	}{
		{[]string{"--sed", "7"}, "meshlua: unknown option --sed (did you mean --seed?)"},
		{[]string{"-sed=7"}, "meshlua: unknown option --sed (did you mean --seed?)"},
		{[]string{"--memroy", "1GB"}, "meshlua: unknown option --memroy (did you mean --memory?)"},
		{[]string{"--frobnicate"}, "meshlua: unknown option --frobnicate"},
		{[]string{"-x"}, "meshlua: unknown option -x"},
		{[]string{"-e"}, "meshlua: -e needs a value"},
		{[]string{"--seed", "x", "a.lua"}, `meshlua: --seed: bad seed "x": use a whole number >= 0, such as 7`},
		{[]string{"--seed=-1"}, `meshlua: --seed: bad seed "-1": use a whole number >= 0, such as 7`},
		{[]string{"--budget", "fast"}, `meshlua: --budget: bad duration "fast": use seconds above zero (2.5) or a string like "250ms", "2s", "1m"`},
		{[]string{"--budget=0"}, `meshlua: --budget: bad duration "0": use seconds above zero (2.5) or a string like "250ms", "2s", "1m"`},
		{[]string{"--budget", "NaN"}, `meshlua: --budget: bad duration "NaN": use seconds above zero (2.5) or a string like "250ms", "2s", "1m"`},
		{[]string{"--memory", "lots"}, `meshlua: --memory: bad size "lots": use bytes (65536) or a string like "64MiB", "512MB", "1GiB"`},
		{[]string{"--memory", "0"}, `meshlua: --memory: bad size "0": a budget must be above zero`},
		{[]string{"--memory", "1KiB", "-e", "print(1)"}, "meshlua: --memory: a node's memory budget must be at least 256 KiB"},
		{[]string{"-i=maybe"}, `meshlua: -i: bad value "maybe": a switch is on alone, or =true or =false`},
		{[]string{"bnech"}, "meshlua: cannot open bnech: no such file (and no example by that name); did you mean meshlua bench?"},
		{[]string{"bench", "--jsn"}, "meshlua bench: unknown option --jsn (did you mean --json?)"},
		{[]string{"bench", "rely"}, `meshlua bench: no benchmark called "rely" (did you mean relay?)`},
	} {
		status, out, stderr := meshlua(t, c.args...)
		line, rest, _ := strings.Cut(stderr, "\n")
		if status != 2 || line != c.line || out != "" {
			t.Errorf("meshlua %q: status %d, stdout %q, stderr %q; want 2 and %q", c.args, status, out, stderr, c.line)
		}
		if c.args[0] != "bnech" && !strings.HasPrefix(rest, "usage: meshlua") {
			t.Errorf("meshlua %q: no usage after the error: %q", c.args, rest)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"--seed", "1", "-h", "x.lua"}} {
		if status, out, stderr := meshlua(t, args...); status != 0 || !strings.HasPrefix(out, "usage: meshlua") || stderr != "" {
			t.Errorf("meshlua %q: status %d, stdout %q, stderr %q", args, status, out, stderr)
		}
	}
	for _, args := range [][]string{{"--version"}, {"-v"}, {"-version"}} {
		if status, out, _ := meshlua(t, args...); status != 0 || out != "meshlua "+version+"\n" {
			t.Errorf("meshlua %q: status %d, %q", args, status, out)
		}
	}
	if status, out, _ := meshlua(t, "bench", "--help"); status != 0 || !strings.HasPrefix(out, "usage: meshlua bench [--json] [--quick] [NAME...]\n") {
		t.Errorf("meshlua bench --help: status %d, %q", status, out)
	}
}

// TestUsageAndDocsShowEveryOption: the usage is made from the flag sets;
// this checks that each option names its value and that docs/cli.md
// documents it.
func TestUsageAndDocsShowEveryOption(t *testing.T) {
	docs, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	var usage, benchUsage, sweepUsage, plotUsage strings.Builder
	writeUsage(&usage)
	writeBenchUsage(&benchUsage)
	writeSweepUsage(&sweepUsage)
	writePlotUsage(&plotUsage)
	for _, set := range []struct {
		fs    *flag.FlagSet
		usage string
	}{{new(options).flags(), usage.String()}, {new(benchOptions).flags(), benchUsage.String()},
		{new(sweepOptions).flags(), sweepUsage.String()}, {new(plotOptions).flags(), plotUsage.String()}} {
		set.fs.VisitAll(func(f *flag.Flag) {
			arg, _ := flag.UnquoteUsage(f)
			if arg == "value" {
				t.Errorf("%s: its text names no value (`NAME` in back quotes)", dashed(f.Name))
			}
			for _, text := range []string{set.usage, string(docs)} {
				if !strings.Contains(text, strings.TrimSpace(dashed(f.Name)+" "+arg)) {
					t.Errorf("%s %s is not in\n%s", dashed(f.Name), arg, text)
				}
			}
		})
	}
}

// TestDocumentedCommandLinesParse parses every meshlua command line in
// the code blocks of docs/cli.md.
func TestDocumentedCommandLinesParse(t *testing.T) {
	docs, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	inBlock := false
	for _, line := range strings.Split(string(docs), "\n") {
		if strings.HasPrefix(line, "```") {
			inBlock = !inBlock
			continue
		}
		_, cmd, ok := strings.Cut(line, "meshlua ")
		if !inBlock || !ok || strings.Contains(cmd, "...") || strings.HasPrefix(line, "meshlua:") {
			continue
		}
		cmd, _, _ = strings.Cut(cmd, " >") // a redirection
		argv := shellWords(t, cmd)
		switch {
		case len(argv) > 0 && argv[0] == "bench":
			_, err = new(benchOptions).parse(argv[1:])
		case len(argv) > 0 && argv[0] == "sweep":
			err = new(sweepOptions).parse(argv[1:])
			if err != nil && strings.Contains(err.Error(), "cannot open") {
				err = nil // a script of the example's, not here
			}
		case len(argv) > 0 && argv[0] == "plot":
			err = new(plotOptions).parse(argv[1:])
		default:
			_, err = parseArgs(argv)
		}
		if err != nil {
			t.Errorf("docs/cli.md: %s: %v", line, err)
		}
		n++
	}
	if n < 10 {
		t.Errorf("found only %d command lines in docs/cli.md", n)
	}
}

// shellWords splits a command line as the shell does, for the quoting the
// docs use: words apart by spaces, single quotes around a word with spaces.
func shellWords(t *testing.T, s string) []string {
	var words []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if rest, ok := strings.CutPrefix(s, "'"); ok {
			word, after, closed := strings.Cut(rest, "'")
			if !closed {
				t.Fatalf("unclosed quote in %q", s)
			}
			words, s = append(words, word), after
			continue
		}
		word, after, _ := strings.Cut(s, " ")
		words, s = append(words, word), after
	}
	return words
}
