package luapattern

import (
	"errors"
	"fmt"
	"strings"

	"github.com/yuin/gopher-lua/pm"
)

// errStepLimit stops searches that the comparisons give up on.
var errStepLimit = errors.New("step limit")

// ours finds up to limit matches of pattern in s from init (all when limit
// is -1), as gsub and gmatch scan, and describes them as pmMatches does.
func ours(pattern, s string, init, limit, maxSteps int) (string, error) {
	p, err := Compile(pattern)
	if err != nil {
		return "", err
	}
	steps := 0
	m := Matcher{Check: func(n int) error {
		if steps += n; steps > maxSteps {
			return errStepLimit
		}
		return nil
	}}
	var b strings.Builder
	for n, pos := 0, init; pos <= len(s) && n != limit; n++ {
		ok, err := m.Find(p, s, pos)
		if err != nil {
			return "", err
		}
		if !ok {
			break
		}
		fmt.Fprintf(&b, "[%d,%d", m.Start(), m.End())
		for i := 0; i < p.NumCaptures(); i++ {
			if start, end := m.Capture(i); p.IsPosition(i) {
				fmt.Fprintf(&b, " @%d", start+1)
			} else {
				fmt.Fprintf(&b, " %d:%d", start, end)
			}
		}
		b.WriteString("]")
		if p.Anchored() {
			break
		}
		pos = m.Next()
	}
	return b.String(), nil
}

// pmMatches is what gopher-lua's pm finds, described as ours does, and
// whether pm crashed (a Go runtime error rather than a pattern error).
func pmMatches(pattern, s string, init, limit int) (desc string, err error, crashed bool) {
	defer func() {
		if r := recover(); r != nil {
			crashed = true
		}
	}()
	mds, err := pm.Find(pattern, []byte(s), init, limit)
	if err != nil {
		return "", err, false
	}
	var b strings.Builder
	for _, md := range mds {
		fmt.Fprintf(&b, "[%d,%d", md.Capture(0), md.Capture(1))
		for i := 2; i < md.CaptureLength(); i += 2 {
			if md.IsPosCapture(i) {
				fmt.Fprintf(&b, " @%d", md.Capture(i))
			} else {
				fmt.Fprintf(&b, " %d:%d", md.Capture(i), md.Capture(i+1))
			}
		}
		b.WriteString("]")
	}
	return b.String(), nil, false
}

// stricter are the errors this package raises where pm matches something
// or nothing (see the package comment).
var stricter = []error{errEndsWithPercent, errMissingBalance, errTooManyCaptures, errTooComplex, errCaptureIndex}

// compare matches pattern against s from init with this package and with
// pm and returns a description of how they differ, or "".
func compare(pattern, s string, init, limit int) string {
	got, err := ours(pattern, s, init, limit, 200_000)
	if errors.Is(err, errStepLimit) {
		return "" // pm might take too long to answer
	}
	want, pmErr, crashed := pmMatches(pattern, s, init, limit)
	switch {
	case crashed:
		return ""
	case err != nil && pmErr != nil:
		return ""
	case err != nil:
		for _, e := range stricter {
			if err == e {
				return ""
			}
		}
		return fmt.Sprintf("find(%q, %q, %d): error %q, pm gives %s", s, pattern, init, err, want)
	case pmErr != nil:
		return fmt.Sprintf("find(%q, %q, %d): %s, pm fails: %v", s, pattern, init, got, pmErr)
	case got != want:
		return fmt.Sprintf("find(%q, %q, %d): %s, pm gives %s", s, pattern, init, got, want)
	}
	return ""
}
