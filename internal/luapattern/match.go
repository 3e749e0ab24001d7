package luapattern

import (
	"errors"
	"strings"
)

// CheckEvery is how many steps a Matcher takes between two calls of its
// Check function. A step is a byte examined or an alternative tried: a few
// nanoseconds.
const CheckEvery = 1024

// maxDepth is how deep the matcher's backtracking may nest: one level for
// each repeated item whose alternatives are open, as Lua's MAXCCALLS.
const maxDepth = 200

var errTooComplex = errors.New("pattern too complex")

// What match returns besides the end of a match.
const (
	noMatch = -1
	stopped = -2 // m.err says why
)

// capture is where a capture was found in the subject.
type capture struct{ start, end int }

// Matcher finds a compiled pattern in subjects. Its zero value is ready to
// use; a Matcher is used by one goroutine at a time. It keeps no memory
// between calls but its count of steps since Check was last called, so one
// Matcher used for many searches (gsub, gmatch) calls Check as often as one
// long search does.
type Matcher struct {
	// Check, when not nil, is called with the steps taken since its last
	// call, every CheckEvery steps; an error it returns stops the search,
	// which returns that error. It may also panic.
	Check func(steps int) error

	p          *Pattern
	s          string
	start, end int
	caps       [MaxCaptures]capture
	used       int // steps since Check was last called
	depth      int
	err        error
}

// Find looks for the first match of p in s at or after byte init (from 0):
// it reports whether there is one, which Start, End and Capture then
// describe, or the error that stopped the search. An anchored pattern is
// tried only at init.
func (m *Matcher) Find(p *Pattern, s string, init int) (bool, error) {
	m.p, m.s, m.err = p, s, nil
	for si := init; si <= len(s); si++ {
		if !p.anchored && (p.lit != "" || p.lead != nil) {
			if si = m.skip(si); si < 0 {
				return false, nil
			}
		}
		if ok, err := m.attempt(si); ok || err != nil || p.anchored {
			return ok, err
		}
	}
	return false, nil
}

// MatchAt reports whether p matches s at byte at (from 0), as Find does
// for a match that starts there, or the error that stopped the attempt.
func (m *Matcher) MatchAt(p *Pattern, s string, at int) (bool, error) {
	m.p, m.s, m.err = p, s, nil
	if at > len(s) {
		return false, nil
	}
	return m.attempt(at)
}

// attempt matches m.p at si.
func (m *Matcher) attempt(si int) (bool, error) {
	m.depth = 0
	switch e := m.match(si, 0); e {
	case stopped:
		return false, m.err
	case noMatch:
		return false, nil
	default:
		m.start, m.end = si, e
		return true, nil
	}
}

// skip returns the first index from si where a match of a pattern with a
// lead class can start, or -1.
func (m *Matcher) skip(si int) int {
	p, s := m.p, m.s
	if p.lit != "" {
		j := strings.Index(s[si:], p.lit)
		m.charge(j/16 + 1)
		if j < 0 {
			return -1
		}
		return si + j
	}
	if p.one >= 0 {
		j := strings.IndexByte(s[si:], byte(p.one))
		m.charge(j/16 + 1)
		if j < 0 {
			return -1
		}
		return si + j
	}
	from := si
	for si < len(s) && !p.lead.has(s[si]) {
		si++
	}
	m.charge(si - from + 1)
	if si == len(s) {
		return -1
	}
	return si
}

// charge counts n steps and calls Check when it is due. It reports whether
// the search may go on.
func (m *Matcher) charge(n int) bool {
	m.used += n
	if m.used < CheckEvery || m.err != nil {
		return m.err == nil
	}
	steps := m.used
	m.used = 0
	if m.Check != nil {
		m.err = m.Check(steps)
	}
	return m.err == nil
}

// try matches the pattern from item pi at si one level deeper.
func (m *Matcher) try(si, pi int) int {
	if m.depth == maxDepth {
		m.err = errTooComplex
		return stopped
	}
	m.depth++
	e := m.match(si, pi)
	m.depth--
	return e
}

// match matches the pattern from item pi against the subject from si and
// returns the end of the match, noMatch, or stopped. It loops over the
// items that leave no choice and recurses (try) for each alternative of a
// repeated item, so it nests at most as deep as the pattern has items.
func (m *Matcher) match(si, pi int) int {
	p, s := m.p, m.s
	for ; pi < len(p.items); pi++ {
		if m.used++; m.used >= CheckEvery && !m.charge(0) {
			return stopped
		}
		it := &p.items[pi]
		switch it.op {
		case opLiteral:
			if !strings.HasPrefix(s[si:], it.lit) {
				return noMatch
			}
			si += len(it.lit)
		case opChar:
			switch it.rep {
			case 0:
				if si == len(s) || !it.set.has(s[si]) {
					return noMatch
				}
				si++
			case '?':
				if si < len(s) && it.set.has(s[si]) {
					if e := m.try(si+1, pi+1); e != noMatch {
						return e
					}
				}
			case '-':
				return m.minExpand(si, pi)
			default: // '*', '+'
				return m.maxExpand(si, pi)
			}
		case opOpen:
			m.caps[it.n] = capture{si, -1}
		case opClose:
			m.caps[it.n].end = si
		case opPosition:
			m.caps[it.n] = capture{si, si}
		case opBalance:
			e := m.balance(si, it.a, it.b)
			if e < 0 {
				return e
			}
			si = e
		case opBackref:
			e := m.backref(si, int(it.n))
			if e < 0 {
				return e
			}
			si = e
		}
	}
	if p.anchoredEnd && si != len(s) {
		return noMatch
	}
	return si
}

// maxExpand matches item pi, repeated with '*' or '+', as many times as it
// can, then gives back one byte at a time until the rest matches.
func (m *Matcher) maxExpand(si, pi int) int {
	p, s := m.p, m.s
	it := &p.items[pi]
	n := 0
	for si+n < len(s) && it.set.has(s[si+n]) {
		n++
	}
	if !m.charge(n) {
		return stopped
	}
	least := 0
	if it.rep == '+' {
		least = 1
	}
	if n < least {
		return noMatch
	}
	if pi+1 == len(p.items) {
		if !p.anchoredEnd {
			return si + n
		}
		if si+n == len(s) {
			return len(s)
		}
		return noMatch
	}
	// The next item, when it must match one byte, rules out most ends
	// without a call.
	var next *class
	switch nx := &p.items[pi+1]; {
	case nx.op == opLiteral:
		next = &single[nx.lit[0]]
	case nx.op == opChar && (nx.rep == 0 || nx.rep == '+'):
		next = nx.set
	}
	for i := n; i >= least; i-- {
		if next != nil && (si+i == len(s) || !next.has(s[si+i])) {
			if m.used++; m.used >= CheckEvery && !m.charge(0) {
				return stopped
			}
			continue
		}
		if e := m.try(si+i, pi+1); e != noMatch {
			return e
		}
	}
	return noMatch
}

// minExpand matches item pi, repeated with '-': the rest of the pattern
// first, then one more byte of the item at a time.
func (m *Matcher) minExpand(si, pi int) int {
	s := m.s
	it := &m.p.items[pi]
	for {
		if e := m.try(si, pi+1); e != noMatch {
			return e
		}
		if si == len(s) || !it.set.has(s[si]) {
			return noMatch
		}
		si++
	}
}

// balance matches %bab at si: a, then bytes in which a and b balance, then
// b. It returns the end or noMatch.
func (m *Matcher) balance(si int, a, b byte) int {
	s := m.s
	if si == len(s) || s[si] != a {
		return noMatch
	}
	depth := 1
	for i := si + 1; i < len(s); i++ {
		switch s[i] {
		case b:
			if depth--; depth == 0 {
				if !m.charge(i - si) {
					return stopped
				}
				return i + 1
			}
		case a:
			depth++
		}
	}
	if !m.charge(len(s) - si) {
		return stopped
	}
	return noMatch
}

// backref matches capture n again at si (a position capture matches the
// empty string, as in pm). It returns the end, noMatch or stopped.
func (m *Matcher) backref(si, n int) int {
	if n < 0 {
		m.err = errCaptureIndex
		return stopped
	}
	c := m.caps[n]
	if m.p.IsPosition(n) {
		return si
	}
	want := m.s[c.start:c.end]
	if !m.charge(len(want)) {
		return stopped
	}
	if !strings.HasPrefix(m.s[si:], want) {
		return noMatch
	}
	return si + len(want)
}

// Start is where the last match found starts, from 0.
func (m *Matcher) Start() int { return m.start }

// End is where the last match found ends: the index after its last byte.
func (m *Matcher) End() int { return m.end }

// Capture is capture n (from 0) of the last match found: the bytes
// s[start:end], or for a position capture the position (start == end).
func (m *Matcher) Capture(n int) (start, end int) {
	c := m.caps[n]
	return c.start, c.end
}

// Next is where the search for the match after the last one starts, as
// gmatch and gsub go on: at its end, or one byte further after an empty
// match.
func (m *Matcher) Next() int { return max(m.end, m.start+1) }
