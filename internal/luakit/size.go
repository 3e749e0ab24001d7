package luakit

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// ParseSize reads a size in bytes, such as "64MiB", "512MB", "1.5GiB" or
// "65536" (bytes): KB, MB and GB are powers of 1000, KiB, MiB and GiB of
// 1024.
func ParseSize(s string) (int64, error) {
	s = strings.Trim(s, space)
	num := strings.TrimRightFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	unit := strings.ToLower(strings.Trim(s[len(num):], space))
	mult := map[string]float64{"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}[unit]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || f < 0 || f*mult >= math.MaxInt64 {
		return 0, fmt.Errorf("bad size %q: use bytes (65536) or a string like \"64MiB\", \"512MB\", \"1GiB\"", s)
	}
	return int64(f * mult), nil
}

// ParseSizeValue reads a size given as a number of bytes or a string that
// ParseSize reads.
func ParseSizeValue(v lua.LValue) (int64, error) {
	switch v := v.(type) {
	case lua.LNumber:
		if v < 0 || math.IsNaN(float64(v)) || float64(v) >= math.MaxInt64 {
			return 0, fmt.Errorf("a size must be a number of bytes >= 0 (got %v)", float64(v))
		}
		return int64(v), nil
	case lua.LString:
		return ParseSize(string(v))
	}
	return 0, fmt.Errorf("a size must be bytes (a number) or a string like \"64MiB\" (got %s)", v.Type())
}

// FormatBytes formats a size as users read it, to three figures: "64 MiB",
// "4.01 MiB", "800 B".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	var s string
	switch {
	case v == float64(int64(v)):
		s = fmt.Sprintf("%d", int64(v))
	case v < 10:
		s = fmt.Sprintf("%.2f", v)
	case v < 100:
		s = fmt.Sprintf("%.1f", v)
	default:
		s = fmt.Sprintf("%.0f", v)
	}
	return s + " " + string("KMGTPE"[exp]) + "iB"
}
