package main

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/meshlua/meshlua/internal/suggest"
)

// newFlagSet is an empty flag set for a command line of meshlua, which
// reports nothing itself: parseFlags says what went wrong.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// dashed is an option's name as users write it: -e, --seed.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// parseFlags parses argv with fs (made by newFlagSet) and returns its error
// as meshlua gives it: naming the option as users write it and, for an
// unknown option, the option it most likely misspells:
//
//	unknown option --sed (did you mean --seed?)
//	-e needs a value
//	--budget: bad duration "fast": ...
func parseFlags(fs *flag.FlagSet, argv []string) error {
	err := fs.Parse(argv)
	if err == nil {
		return nil
	}
	// The flag package's errors are text only; these are its words, which
	// TestUsageErrors holds it to.
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown option " + dashed(name)
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near := suggest.Typo(name, names); near != "" {
			msg += " (did you mean " + dashed(near) + "?)"
		}
	} else if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		msg = dashed(name) + " needs a value"
	} else if name, why, ok := badValue(msg); ok {
		msg = dashed(name) + ": " + why
	}
	return errors.New(msg)
}

// badValue reads the flag package's error for a value that its option
// refused: `invalid value "VALUE" for flag -NAME: WHY` (WHY is Set's
// error), or `invalid boolean value "VALUE" for -NAME: ...` for a switch.
func badValue(msg string) (name, why string, ok bool) {
	rest, isSwitch := strings.CutPrefix(msg, "invalid boolean value ")
	if !isSwitch {
		if rest, ok = strings.CutPrefix(msg, "invalid value "); !ok {
			return "", "", false
		}
	}
	value, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return "", "", false
	}
	rest = rest[len(value):]
	if isSwitch {
		rest, ok = strings.CutPrefix(rest, " for -")
		name, _, _ = strings.Cut(rest, ": ")
		return name, "bad value " + value + ": a switch is on alone, or =true or =false", ok
	}
	if rest, ok = strings.CutPrefix(rest, " for flag -"); !ok {
		return "", "", false
	}
	return strings.Cut(rest, ": ")
}

// parseInterleaved parses argv with fs (made by newFlagSet) where options
// and other arguments come in any order, up to a -- after which every
// argument is the rest's: it returns the arguments that are not options,
// in order, and those after --.
func parseInterleaved(fs *flag.FlagSet, argv []string) (words, rest []string, err error) {
	if i := slices.Index(argv, "--"); i >= 0 {
		argv, rest = argv[:i], argv[i+1:]
	}
	for {
		if err := parseFlags(fs, argv); err != nil {
			return nil, nil, err
		}
		if fs.NArg() == 0 {
			return words, rest, nil
		}
		words, argv = append(words, fs.Arg(0)), fs.Args()[1:]
	}
}
