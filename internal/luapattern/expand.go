package luapattern

import (
	"errors"
	"strconv"
)

// ErrTooLong is the error of Expand when the result would pass its limit.
var ErrTooLong = errors.New("result too long")

// Expand appends to dst the replacement string repl of gsub for the last
// match found, as gopher-lua expands it: "%0" is the match, "%1" to "%9"
// its captures ("%1" is the match when the pattern has no captures), "%%"
// is "%", and any other '%' stays as it is with the byte after it. It
// returns ErrTooLong, and dst as it was, if the result would be longer than
// limit bytes, or "invalid capture index" for a capture the pattern does not
// have.
func (m *Matcher) Expand(dst []byte, repl string, limit int) ([]byte, error) {
	out := dst
	for i := 0; i < len(repl); i++ {
		var piece string
		switch {
		case repl[i] != '%':
			j := i + 1
			for j < len(repl) && repl[j] != '%' {
				j++
			}
			piece = repl[i:j]
			i = j - 1
		case i+1 == len(repl) || repl[i+1] == '%':
			piece = "%"
			i++
		case '0' <= repl[i+1] && repl[i+1] <= '9':
			var err error
			if piece, err = m.CaptureText(int(repl[i+1] - '0')); err != nil {
				return dst, err
			}
			i++
		default:
			piece = repl[i : i+2]
			i++
		}
		if len(out)+len(piece) > limit {
			return dst, ErrTooLong
		}
		out = append(out, piece...)
	}
	return out, nil
}

// CaptureText is what %n stands for in gsub's replacement string for the
// last match found: capture n (from 1) as text, a position capture as its
// position from 1, and the whole match for %0, or for %1 when the pattern
// has no captures.
func (m *Matcher) CaptureText(n int) (string, error) {
	switch {
	case n == 0 || n == 1 && m.p.ncap == 0:
		return m.s[m.start:m.end], nil
	case n > m.p.ncap:
		return "", errCaptureIndex
	case m.p.IsPosition(n - 1):
		return strconv.Itoa(m.caps[n-1].start + 1), nil
	}
	c := m.caps[n-1]
	return m.s[c.start:c.end], nil
}
