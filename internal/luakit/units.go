package luakit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// The stdlib's units module (stdlib/lib/units.lua) reads durations and
// rates as these functions do, and FuzzDuration and FuzzRate check that
// they agree: change both together.

// space is what a duration or rate may have around it: ASCII white space,
// as Lua's %s.
const space = " \t\n\v\f\r"

// longestUnits is the longest string a duration or rate may be: the units
// module's patterns take time quadratic in the length, and a string from
// the network must not use up a node's budget.
const longestUnits = 64

// ParseDuration reads a duration given as seconds (a number), rounded to
// the nearest nanosecond (0.3 is 300ms, not the 299.999999999ms its binary
// fraction falls short by), or as a string such as "250ms", "2s", "1m" or
// "1h30m", without a sign, of at most longestUnits bytes.
func ParseDuration(v lua.LValue) (time.Duration, error) {
	switch v := v.(type) {
	case lua.LNumber:
		f := float64(v)
		ns := math.Round(f * float64(time.Second))
		if !(f >= 0 && ns < 1<<63) {
			return 0, fmt.Errorf("a duration must be a number of seconds >= 0 (got %v)", f)
		}
		return time.Duration(ns), nil
	case lua.LString:
		s := strings.Trim(string(v), space)
		if strings.HasPrefix(s, "-") && len(v) <= longestUnits {
			return 0, fmt.Errorf("a duration must not be negative (got %q)", string(v))
		}
		d, err := time.ParseDuration(s)
		if err != nil || strings.HasPrefix(s, "+") || len(v) > longestUnits {
			return 0, fmt.Errorf("bad duration %q: use seconds (2.5) or a string like \"250ms\", \"2s\", \"1m\"", string(v))
		}
		return d, nil
	}
	return 0, fmt.Errorf("a duration must be seconds (a number) or a string like \"250ms\" (got %s)", v.Type())
}

// bitsPerUnit are the units of a rate, in lower case.
var bitsPerUnit = map[string]float64{"": 1, "bit": 1, "bps": 1, "kbit": 1e3, "kbps": 1e3,
	"mbit": 1e6, "mbps": 1e6, "gbit": 1e9, "gbps": 1e9}

// ParseRate reads a rate in bits per second: a number, or a string such as
// "10Mbit", "512kbit", "1Gbps": a decimal number without a sign, then a
// unit in any case of ASCII letters, at most longestUnits bytes in all.
func ParseRate(v lua.LValue) (uint64, error) {
	switch v := v.(type) {
	case lua.LNumber:
		if !(v >= 0 && v < 1<<64) {
			return 0, fmt.Errorf("a rate must be bits per second >= 0 (got %v)", float64(v))
		}
		return uint64(v), nil
	case lua.LString:
		s := strings.Trim(string(v), space)
		if len(v) > longestUnits {
			s = string(v) // not trimmed: the units module's trimming would take long
		}
		num := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		unit := strings.TrimLeft(s[len(num):], space)
		mult, known := bitsPerUnit[asciiLower(unit)]
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || !known || !isDecimal(num) || f*mult >= 1<<64 || len(v) > longestUnits {
			return 0, fmt.Errorf("bad rate %q: use bits per second (1e6) or a string like \"10Mbit\", \"512kbit\", \"1Gbit\"", s)
		}
		return uint64(f * mult), nil
	}
	return 0, fmt.Errorf("a rate must be a number or a string like \"10Mbit\" (got %s)", v.Type())
}

// isDecimal reports whether s is digits with an optional point and
// exponent, "1", "1.5", ".5", "1e6": not a sign, hex, inf or nan, which
// strconv.ParseFloat also reads.
func isDecimal(s string) bool {
	i := strings.IndexFunc(s, func(r rune) bool { return r == 'e' || r == 'E' })
	mantissa, exp := s, ""
	if i >= 0 {
		mantissa, exp = s[:i], strings.TrimLeft(s[i+1:], "+-")
		if len(s[i+1:])-len(exp) > 1 || exp == "" || strings.Trim(exp, "0123456789") != "" {
			return false
		}
	}
	whole, frac, _ := strings.Cut(mantissa, ".")
	return whole+frac != "" && strings.Trim(whole+frac, "0123456789") == ""
}

// asciiLower is s with ASCII letters in lower case, and nothing else
// changed (strings.ToLower also folds some non-ASCII letters to ASCII).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Seconds converts a network time to Lua seconds.
func Seconds(d time.Duration) lua.LNumber { return lua.LNumber(d.Seconds()) }
