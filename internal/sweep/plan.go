// Package sweep runs a meshlua script over every combination of parameter
// values with every seed, each run a meshlua process of its own, several at
// a time, and sums the runs up: runs.csv (a row per run) and summary.csv
// (per parameter point and result: runs, mean, standard deviation and the
// 95% confidence interval of the mean).
package sweep

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Param is a swept parameter: its name and its values, as
// --set NAME=V1,V2,... gives them.
type Param struct {
	Name   string
	Values []string
}

// paramName is what a parameter's name must be, as mesh.param wants it.
var paramName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ParseParam reads NAME=V1,V2,...: the parameter NAME with the values
// V1, V2, ... (a value may not be empty).
func ParseParam(s string) (Param, error) {
	name, values, ok := strings.Cut(s, "=")
	if !ok || !paramName.MatchString(name) {
		return Param{}, fmt.Errorf("bad parameter %q: use NAME=V1,V2,..., NAME a letter or _, then letters, digits or _ (--set loss=0,0.1,0.2)", s)
	}
	p := Param{Name: name, Values: strings.Split(values, ",")}
	for i, v := range p.Values {
		if v == "" {
			return Param{}, fmt.Errorf("bad parameter %q: value %d is empty", s, i+1)
		}
		for _, w := range p.Values[:i] {
			if w == v {
				return Param{}, fmt.Errorf("bad parameter %q: the value %s is given twice", s, v)
			}
		}
	}
	return p, nil
}

// ParseSeeds reads a list of seeds: whole numbers and ranges, separated by
// commas ("1-20", "1,5,9", "1-10,20"), each seed once.
func ParseSeeds(s string) ([]uint64, error) {
	var seeds []uint64
	seen := map[uint64]bool{}
	for _, part := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, err := strconv.ParseUint(from, 10, 64)
		b := a
		if err == nil && isRange {
			b, err = strconv.ParseUint(to, 10, 64)
		}
		if err != nil || b < a || b-a >= 1_000_000 {
			return nil, fmt.Errorf("bad seeds %q: use whole numbers >= 0 and ranges A-B with A <= B, separated by commas (1-20 or 1,5,9), at most a million in a range", s)
		}
		for x := a; ; x++ {
			if seen[x] {
				return nil, fmt.Errorf("bad seeds %q: the seed %d is given twice", s, x)
			}
			seen[x] = true
			seeds = append(seeds, x)
			if x == b {
				break
			}
		}
	}
	return seeds, nil
}

// Run is one run of a sweep: a value for each parameter (in the order of
// the sweep's parameters) and a seed.
type Run struct {
	Values []string
	Seed   uint64
}

// Plan is every run of a sweep, in the order of its tables: the first
// parameter's values change slowest, the seeds fastest.
func Plan(params []Param, seeds []uint64) []Run {
	runs := []Run{{}}
	for _, p := range params {
		var next []Run
		for _, r := range runs {
			for _, v := range p.Values {
				next = append(next, Run{Values: append(r.Values[:len(r.Values):len(r.Values)], v)})
			}
		}
		runs = next
	}
	var out []Run
	for _, r := range runs {
		for _, s := range seeds {
			out = append(out, Run{Values: r.Values, Seed: s})
		}
	}
	return out
}

// ID names the run's files: loss=0.1,n=10,seed=3. A character of a value
// that is not a letter, a digit or one of ._+- is written %XX, so that the
// ID is a file name and different values give different IDs.
func (r Run) ID(params []Param) string {
	var b strings.Builder
	for i, p := range params {
		fmt.Fprintf(&b, "%s=%s,", p.Name, escape(r.Values[i]))
	}
	fmt.Fprintf(&b, "seed=%d", r.Seed)
	return b.String()
}

func escape(v string) string {
	var b strings.Builder
	for _, c := range []byte(v) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("._+-", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
