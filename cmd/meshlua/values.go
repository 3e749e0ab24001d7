package main

import (
	"fmt"
	"strconv"
	"strings"
)

// The values of the command line's options, as flag.Value. Their errors
// follow the option's name in the message: `--seed: bad seed ...`.

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
