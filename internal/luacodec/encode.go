package luacodec

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Value tags.
const (
	tagNil byte = iota
	tagFalse
	tagTrue
	tagInteger
	tagFloat
	tagString
	tagTable
)

// maxInteger is the largest magnitude a number may have to be written as
// an integer: every integer up to it is exact in a float64.
const maxInteger = 1 << 53

// Encode returns the encoding of v, or an error naming where in v there is
// something it cannot encode: a function, userdata or thread, a table key
// that is not a number, string or boolean, NaN as a key, a table that
// contains itself, nesting deeper than MaxDepth, or an encoding longer than
// lim.MaxSize.
func Encode(v lua.LValue, lim Limits) ([]byte, error) {
	e := encoder{maxSize: lim.MaxSize, count: counter{charge: lim.Charge}}
	if err := e.value(v, nil); err != nil {
		return nil, err
	}
	lim.allocated(len(e.buf))
	return e.buf, nil
}

type encoder struct {
	buf     []byte
	maxSize int
	count   counter
	tables  []*lua.LTable // the tables being encoded, outermost first
}

// where is a place in the value being encoded: a key of a table at a
// place, or the value itself (nil).
type where struct {
	up  *where
	key lua.LValue
}

// String is the place as Lua would index it from the value: .name[3]...
func (w *where) String() string {
	if w == nil {
		return "the value itself"
	}
	var parts []string
	for ; w != nil; w = w.up {
		switch k := w.key.(type) {
		case lua.LString:
			if isName(string(k)) {
				parts = append(parts, "."+string(k))
			} else {
				parts = append(parts, fmt.Sprintf("[%q]", string(k)))
			}
		default:
			parts = append(parts, "["+k.String()+"]")
		}
	}
	var b strings.Builder
	b.WriteString("value")
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String()
}

// isName reports whether s is a Lua name (t.s rather than t["s"]).
func isName(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func (e *encoder) value(v lua.LValue, at *where) error {
	e.count.count()
	switch x := v.(type) {
	case *lua.LNilType:
		return e.put(tagNil)
	case lua.LBool:
		if x {
			return e.put(tagTrue)
		}
		return e.put(tagFalse)
	case lua.LNumber:
		return e.number(float64(x))
	case lua.LString:
		if err := e.put(tagString); err != nil {
			return err
		}
		if err := e.uvarint(uint64(len(x))); err != nil {
			return err
		}
		if err := e.room(len(x)); err != nil {
			return err
		}
		e.buf = append(e.buf, x...)
		return nil
	case *lua.LTable:
		return e.table(x, at)
	}
	return fmt.Errorf("cannot encode a %s (at %v)", v.Type(), at)
}

func (e *encoder) number(f float64) error {
	if f == math.Trunc(f) && math.Abs(f) <= maxInteger && !(f == 0 && math.Signbit(f)) {
		if err := e.put(tagInteger); err != nil {
			return err
		}
		n := int64(f)
		return e.uvarint(uint64(n<<1) ^ uint64(n>>63)) // zigzag
	}
	if err := e.put(tagFloat); err != nil {
		return err
	}
	if err := e.room(8); err != nil {
		return err
	}
	e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(f))
	return nil
}

func (e *encoder) table(t *lua.LTable, at *where) error {
	for _, open := range e.tables {
		if open == t {
			return fmt.Errorf("cannot encode a table that contains itself (at %v)", at)
		}
	}
	if len(e.tables) == MaxDepth {
		return fmt.Errorf("cannot encode tables nested more than %d deep (at %v)", MaxDepth, at)
	}
	e.tables = append(e.tables, t)
	defer func() { e.tables = e.tables[:len(e.tables)-1] }()

	n := 0
	for t.RawGetInt(n+1) != lua.LNil {
		n++
	}
	var keys []lua.LValue
	var bad error
	t.ForEach(func(k, _ lua.LValue) {
		switch x := k.(type) {
		case lua.LNumber:
			if x == lua.LNumber(math.Trunc(float64(x))) && x >= 1 && x <= lua.LNumber(n) {
				return // in the list part
			}
			if math.IsNaN(float64(x)) && bad == nil {
				bad = fmt.Errorf("cannot encode NaN as a key (at %v)", at)
			}
		case lua.LString, lua.LBool:
		default:
			if bad == nil {
				bad = fmt.Errorf("cannot encode a table key that is a %s (at %v)", k.Type(), at)
			}
		}
		keys = append(keys, k)
	})
	if bad != nil {
		return bad
	}
	sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) })
	if err := e.put(tagTable); err != nil {
		return err
	}
	if err := e.uvarint(uint64(n)); err != nil {
		return err
	}
	if err := e.uvarint(uint64(len(keys))); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		if err := e.value(t.RawGetInt(i), &where{at, lua.LNumber(i)}); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := e.value(k, at); err != nil {
			return err
		}
		if err := e.value(t.RawGet(k), &where{at, k}); err != nil {
			return err
		}
	}
	return nil
}

// keyLess orders keys: numbers ascending, then strings bytewise, then
// false and true.
func keyLess(a, b lua.LValue) bool {
	ra, rb := keyRank(a), keyRank(b)
	if ra != rb {
		return ra < rb
	}
	switch x := a.(type) {
	case lua.LNumber:
		return x < b.(lua.LNumber)
	case lua.LString:
		return x < b.(lua.LString)
	}
	return a == lua.LFalse && b == lua.LTrue
}

func keyRank(k lua.LValue) int {
	switch k.(type) {
	case lua.LNumber:
		return 0
	case lua.LString:
		return 1
	}
	return 2
}

func (e *encoder) put(tag byte) error {
	if err := e.room(1); err != nil {
		return err
	}
	e.buf = append(e.buf, tag)
	return nil
}

func (e *encoder) uvarint(x uint64) error {
	if err := e.room(uvarintLen(x)); err != nil {
		return err
	}
	e.buf = binary.AppendUvarint(e.buf, x)
	return nil
}

func uvarintLen(x uint64) int {
	n := 1
	for ; x >= 0x80; x >>= 7 {
		n++
	}
	return n
}

// room returns an error if n more bytes would pass the size limit.
func (e *encoder) room(n int) error {
	if e.maxSize > 0 && len(e.buf)+n > e.maxSize {
		return fmt.Errorf("cannot encode: the encoding passes the limit of %d bytes", e.maxSize)
	}
	return nil
}
