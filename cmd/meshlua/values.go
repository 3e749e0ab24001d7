package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/meshlua/meshlua/internal/luakit"
)

// The values of the command line's options, as flag.Value. Their errors
// follow the option's name in the message: `--budget: bad duration ...`.

// chunkList is the value of -e, which may be repeated: every chunk, in
// order.
type chunkList []string

// String is the chunks, a line apart.
func (c *chunkList) String() string { return strings.Join(*c, "\n") }

// Set appends a chunk.
func (c *chunkList) Set(s string) error {
	*c = append(*c, s)
	return nil
}

// seedValue is the value of --seed: a whole number >= 0 in decimal digits.
type seedValue struct {
	n   uint64
	set bool // --seed was given
}

// String is the seed in decimal.
func (v *seedValue) String() string { return strconv.FormatUint(v.n, 10) }

// Set reads the seed.
func (v *seedValue) Set(s string) error {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("bad seed %q: use a whole number >= 0, such as 7", s)
	}
	v.n, v.set = n, true
	return nil
}

// durationValue is a duration above zero, written as scripts write one:
// seconds ("2.5") or a string such as "250ms", "2s", "1m".
type durationValue time.Duration

// String is the duration as Go writes it ("1.5s").
func (v *durationValue) String() string { return time.Duration(*v).String() }

// Set reads the duration.
func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	if f, ferr := strconv.ParseFloat(s, 64); ferr == nil {
		d, err = time.Duration(f*float64(time.Second)), nil
		if !(f*float64(time.Second) < 1<<63) { // too long, or NaN
			err = strconv.ErrRange
		}
	}
	if err != nil || d <= 0 {
		return fmt.Errorf("bad duration %q: use seconds above zero (2.5) or a string like \"250ms\", \"2s\", \"1m\"", s)
	}
	*v = durationValue(d)
	return nil
}

// sizeValue is a size in bytes above zero, as luakit.ParseSize reads it:
// "65536", "64MiB", "1GB".
type sizeValue int64

// String is the size in bytes.
func (v *sizeValue) String() string { return strconv.FormatInt(int64(*v), 10) }

// Set reads the size.
func (v *sizeValue) Set(s string) error {
	n, err := luakit.ParseSize(s)
	if err == nil && n == 0 {
		err = fmt.Errorf("bad size %q: a budget must be above zero", s)
	}
	if err != nil {
		return err
	}
	*v = sizeValue(n)
	return nil
}
