// Package luapattern matches Lua 5.1 patterns, with the results of
// gopher-lua's string library (its package pm), at a cost the caller can
// bound: a Matcher counts its steps and calls the caller's Check every
// CheckEvery steps, which may stop the match, and its backtracking nests at
// most 200 deep on the Go stack, whatever the pattern and subject.
//
// It has no Lua dependency. It differs from gopher-lua's pm only where pm
// fails: a pattern ending in '%', a %b without its two characters, more than
// 32 captures, a pattern nesting its backtracking deeper than 200, and a
// back-reference to a capture that is not closed are errors here, as in
// Lua, where pm matches nothing, matches something arbitrary or crashes.
// Like pm, and unlike Lua 5.1, it has no %f (frontier): "%f" is the letter f;
// a range in a set whose ends are not both plain characters ("[%a-z]")
// matches nothing, and a range that follows a range ("[a-b-c]") matches
// nothing; a back-reference to a position capture matches the empty string.
package luapattern

import (
	"errors"
	"strings"
)

// MaxCaptures is the most captures a pattern may have, as in Lua.
const MaxCaptures = 32

// maxItems bounds the items of a compiled pattern (a run of plain
// characters is one item), so that compiling a long pattern takes memory
// in proportion to it, a few times its length at most.
const maxItems = 1 << 16

// The errors of malformed patterns, worded as Lua words them.
var (
	errEndsWithPercent = errors.New("malformed pattern (ends with '%')")
	errMissingBracket  = errors.New("malformed pattern (missing ']')")
	errMissingBalance  = errors.New("malformed pattern (missing arguments to '%b')")
	errCaptureIndex    = errors.New("invalid capture index")
	errPatternCapture  = errors.New("invalid pattern capture")
	errUnfinished      = errors.New("unfinished capture")
	errTooManyCaptures = errors.New("too many captures")
)

// op is what a pattern item does.
type op uint8

const (
	opLiteral  op = iota // the bytes of lit
	opChar               // one byte of set, repeated as rep says
	opOpen               // capture n starts
	opClose              // capture n ends
	opPosition           // capture n is the position
	opBalance            // %bab: a balanced run from a to b
	opBackref            // %n: capture n again
)

// item is one element of a compiled pattern.
type item struct {
	set  *class // opChar
	lit  string // opLiteral
	n    int32  // the capture; opBackref: -1 if it is not a closed capture there
	op   op
	rep  byte // opChar: 0 (once), '*', '+', '-' or '?'
	a, b byte // opBalance: the opening and closing bytes
}

// Pattern is a compiled Lua pattern. It is immutable: several Matchers may
// use it at once.
type Pattern struct {
	src         string // the pattern as given
	items       []item
	anchored    bool   // '^': matches only where the search starts
	anchoredEnd bool   // '$': matches only up to the subject's end
	ncap        int    // captures
	positions   uint32 // bit n: capture n is a position capture
	// Every match starts with lit, when it is not "", or else with a byte
	// of lead, when it is not nil; one is that byte when it is lead's
	// only one, else -1.
	lit  string
	lead *class
	one  int
}

// compiler is the state of Compile.
type compiler struct {
	p      *Pattern
	run    []byte // plain characters not yet made an item
	open   []int  // the captures open, innermost last
	closed uint64 // bit n: capture n is closed
}

// Compile compiles a Lua pattern, or returns the error Lua gives for it
// (gopher-lua reports some of these differently, see the package comment).
func Compile(pattern string) (*Pattern, error) {
	c := compiler{p: &Pattern{src: pattern, one: -1, items: make([]item, 0, min(len(pattern), 16))}}
	p := c.p
	i := 0
	if strings.HasPrefix(pattern, "^") {
		p.anchored = true
		i = 1
	}
	for i < len(pattern) {
		ch := pattern[i]
		switch {
		case ch == '(':
			if p.ncap == MaxCaptures {
				return nil, errTooManyCaptures
			}
			if i+1 < len(pattern) && pattern[i+1] == ')' {
				p.positions |= 1 << p.ncap
				c.closed |= 1 << p.ncap
				c.add(item{op: opPosition, n: int32(p.ncap)})
				i += 2
			} else {
				c.open = append(c.open, p.ncap)
				c.add(item{op: opOpen, n: int32(p.ncap)})
				i++
			}
			p.ncap++
		case ch == ')':
			if len(c.open) == 0 {
				return nil, errPatternCapture
			}
			n := c.open[len(c.open)-1]
			c.open = c.open[:len(c.open)-1]
			c.closed |= 1 << n
			c.add(item{op: opClose, n: int32(n)})
			i++
		case ch == '$' && i == len(pattern)-1 && len(c.open) == 0:
			p.anchoredEnd = true
			i++
		case ch == '*' || ch == '+' || ch == '-' || ch == '?':
			c.repeat(ch)
			i++
		case ch == '%':
			if i+1 == len(pattern) {
				return nil, errEndsWithPercent
			}
			switch d := pattern[i+1]; {
			case d == '0':
				return nil, errCaptureIndex
			case '1' <= d && d <= '9':
				n := int32(d - '1')
				if c.closed&(1<<n) == 0 {
					n = -1
				}
				c.add(item{op: opBackref, n: n})
				i += 2
			case d == 'b':
				if i+3 >= len(pattern) {
					return nil, errMissingBalance
				}
				c.add(item{op: opBalance, a: pattern[i+2], b: pattern[i+3]})
				i += 4
			case isClassLetter(d):
				c.add(item{op: opChar, set: escapes[d]})
				i += 2
			default:
				c.run = append(c.run, d)
				i += 2
			}
		case ch == '[':
			set, next, err := parseSet(pattern, i+1)
			if err != nil {
				return nil, err
			}
			c.add(item{op: opChar, set: set})
			i = next
		case ch == '.':
			c.add(item{op: opChar, set: &anyByte})
			i++
		default:
			c.run = append(c.run, ch)
			i++
		}
		if len(p.items) > maxItems {
			return nil, errTooComplex
		}
	}
	if len(c.open) > 0 {
		return nil, errUnfinished
	}
	c.flush()
	p.findLead()
	return p, nil
}

// add appends an item after the plain characters before it.
func (c *compiler) add(it item) {
	c.flush()
	c.p.items = append(c.p.items, it)
}

// flush makes the plain characters not yet added an item.
func (c *compiler) flush() {
	if len(c.run) > 0 {
		c.p.items = append(c.p.items, item{op: opLiteral, lit: string(c.run)})
		c.run = c.run[:0]
	}
}

// repeat applies the quantifier q to the single character, class or set
// just before it; after anything else q is a plain character.
func (c *compiler) repeat(q byte) {
	items := c.p.items
	switch {
	case len(c.run) > 0:
		last := c.run[len(c.run)-1]
		c.run = c.run[:len(c.run)-1]
		c.add(item{op: opChar, set: &single[last], rep: q})
	case len(items) > 0 && items[len(items)-1].op == opChar && items[len(items)-1].rep == 0:
		items[len(items)-1].rep = q
	default:
		c.run = append(c.run, q)
	}
}

// findLead sets lit, lead and one when every match must start with given
// bytes: when the first item that consumes input, after nothing but
// captures, is a literal or a class matched at least once.
func (p *Pattern) findLead() {
	for i := range p.items {
		it := &p.items[i]
		switch {
		case it.op == opOpen || it.op == opPosition:
			continue
		case it.op == opLiteral:
			p.lit = it.lit
		case it.op == opChar && (it.rep == 0 || it.rep == '+'):
			p.lead = it.set
			if b, ok := it.set.only(); ok {
				p.one = int(b)
			}
		}
		return
	}
}

// NumCaptures is how many captures the pattern has.
func (p *Pattern) NumCaptures() int { return p.ncap }

// IsPosition reports whether capture n (from 0) is a position capture, "()".
func (p *Pattern) IsPosition(n int) bool { return p.positions&(1<<n) != 0 }

// Anchored reports whether the pattern starts with '^', so that it matches
// only where a search starts: gmatch and gsub then stop after one match.
func (p *Pattern) Anchored() bool { return p.anchored }
