package luacodec

import (
	"encoding/binary"
	"fmt"
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Decode returns the value b encodes, made in L, or an error saying what
// is wrong and at which byte (counted from 0): a truncated value, an
// unknown tag, a count larger than the bytes that follow, nesting deeper
// than MaxDepth, a nil or NaN key, a key given twice, a nil value, or
// bytes left after the value. Work and memory are bounded by len(b): every
// value takes at least one byte, and integer keys that would make a
// table's list part grow by more than the bytes allow (gopher-lua fills a
// gap in a list with nils) are refused.
func Decode(L *lua.LState, b []byte, lim Limits) (lua.LValue, error) {
	d := decoder{L: L, b: b, count: counter{charge: lim.Charge}, slots: max(minSlots, slotsPerByte*len(b))}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	if d.pos != len(b) {
		return nil, fmt.Errorf("%d bytes after the value (at byte %d)", len(b)-d.pos, d.pos)
	}
	lim.allocated(decodedBytesPerByte * len(b))
	return v, nil
}

// A decode may make at most max(minSlots, slotsPerByte·len(b)) slots of
// tables' list parts: a key such as [5000] in a few bytes makes 5000.
const (
	minSlots     = 1 << 16
	slotsPerByte = 64
)

type decoder struct {
	L     *lua.LState
	b     []byte
	pos   int
	count counter
	slots int // list slots still allowed
}

func (d *decoder) errorf(at int, format string, args ...any) error {
	return fmt.Errorf(format+" (at byte %d)", append(args, at)...)
}

func (d *decoder) value(depth int) (lua.LValue, error) {
	d.count.count()
	at := d.pos
	if d.pos >= len(d.b) {
		return nil, d.errorf(at, "truncated: a value was expected")
	}
	tag := d.b[d.pos]
	d.pos++
	switch tag {
	case tagNil:
		return lua.LNil, nil
	case tagFalse:
		return lua.LFalse, nil
	case tagTrue:
		return lua.LTrue, nil
	case tagInteger:
		u, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		n := int64(u>>1) ^ -int64(u&1) // zigzag
		if n > maxInteger || n < -maxInteger {
			return nil, d.errorf(at, "an integer beyond 2^53")
		}
		return lua.LNumber(n), nil
	case tagFloat:
		if len(d.b)-d.pos < 8 {
			return nil, d.errorf(at, "truncated: a number needs 8 bytes")
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(d.b[d.pos:]))
		d.pos += 8
		return lua.LNumber(f), nil
	case tagString:
		n, err := d.count64(1)
		if err != nil {
			return nil, err
		}
		s := string(d.b[d.pos : d.pos+n])
		d.pos += n
		return lua.LString(s), nil
	case tagTable:
		if depth == MaxDepth {
			return nil, d.errorf(at, "tables nested more than %d deep", MaxDepth)
		}
		return d.table(depth)
	}
	return nil, d.errorf(at, "unknown tag 0x%02x", tag)
}

// uvarint reads a varint.
func (d *decoder) uvarint() (uint64, error) {
	u, n := binary.Uvarint(d.b[d.pos:])
	if n <= 0 {
		return 0, d.errorf(d.pos, "a malformed or truncated varint")
	}
	d.pos += n
	return u, nil
}

// count64 reads a count of things each taking at least size bytes of what
// follows, and refuses one that the bytes cannot hold.
func (d *decoder) count64(size int) (int, error) {
	at := d.pos
	u, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if u > uint64((len(d.b)-d.pos)/size) {
		return 0, d.errorf(at, "a count of %d, more than the %d bytes that follow hold", u, len(d.b)-d.pos)
	}
	return int(u), nil
}

func (d *decoder) table(depth int) (lua.LValue, error) {
	n, err := d.count64(1)
	if err != nil {
		return nil, err
	}
	m, err := d.count64(2)
	if err != nil {
		return nil, err
	}
	if n+2*m > len(d.b)-d.pos {
		return nil, d.errorf(d.pos, "%d values and %d keys, more than the %d bytes that follow hold", n, m, len(d.b)-d.pos)
	}
	if err := d.useSlots(n); err != nil {
		return nil, err
	}
	t := d.L.CreateTable(n, m)
	for i := 1; i <= n; i++ {
		at := d.pos
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if v == lua.LNil {
			return nil, d.errorf(at, "nil in a table's list part")
		}
		t.RawSetInt(i, v)
	}
	for range m {
		at := d.pos
		k, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := d.checkKey(t, k, at); err != nil {
			return nil, err
		}
		at = d.pos
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if v == lua.LNil {
			return nil, d.errorf(at, "a key with a nil value")
		}
		t.RawSet(k, v)
	}
	return t, nil
}

// checkKey refuses k as a new key of t: a key of another type than
// number, string and boolean, NaN, a key t has, or an integer key whose
// gap from t's list part would take more slots than are left.
func (d *decoder) checkKey(t *lua.LTable, k lua.LValue, at int) error {
	switch x := k.(type) {
	case lua.LNumber:
		f := float64(x)
		if math.IsNaN(f) {
			return d.errorf(at, "NaN as a key")
		}
		if f == math.Trunc(f) && f >= 1 && f < float64(lua.MaxArrayIndex) {
			if grow := int(f) - t.MaxN(); grow > 0 {
				if err := d.useSlots(grow); err != nil {
					return err
				}
			}
		}
	case lua.LString, lua.LBool:
	default:
		return d.errorf(at, "a key that is a %s", k.Type())
	}
	if t.RawGet(k) != lua.LNil {
		return d.errorf(at, "the key %v twice", k)
	}
	return nil
}

// useSlots takes n list slots from what the decode may make.
func (d *decoder) useSlots(n int) error {
	if n > d.slots {
		return d.errorf(d.pos, "integer keys that would make tables' list parts larger than %d bytes of input allow", len(d.b))
	}
	d.slots -= n
	return nil
}
