package luacodec

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// equal reports whether two decoded values are the same: tables by their
// contents, NaN equal to itself.
func equal(a, b lua.LValue) bool {
	switch x := a.(type) {
	case lua.LNumber:
		y, ok := b.(lua.LNumber)
		return ok && (x == y && math.Signbit(float64(x)) == math.Signbit(float64(y)) ||
			math.IsNaN(float64(x)) && math.IsNaN(float64(y)))
	case *lua.LTable:
		y, ok := b.(*lua.LTable)
		if !ok {
			return false
		}
		same, n := true, 0
		x.ForEach(func(k, v lua.LValue) {
			n++
			if !equal(v, y.RawGet(k)) {
				same = false
			}
		})
		y.ForEach(func(lua.LValue, lua.LValue) { n-- })
		return same && n == 0
	}
	return a == b
}

// randomValue makes a value of at most depth levels of tables.
func randomValue(L *lua.LState, r *rand.Rand, depth int) lua.LValue {
	switch r.IntN(8) {
	case 0:
		return lua.LNil
	case 1:
		return lua.LBool(r.IntN(2) == 0)
	case 2:
		return lua.LNumber(r.Int64N(1<<54) - 1<<53)
	case 3:
		return lua.LNumber([]float64{r.NormFloat64() * 1e6, math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1), 0.5, 1e300}[r.IntN(7)])
	case 4, 5:
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return lua.LString(b)
	}
	if depth == 0 {
		return lua.LString("leaf")
	}
	t := L.NewTable()
	for i := 1; i <= r.IntN(6); i++ {
		if v := randomValue(L, r, depth-1); v != lua.LNil {
			t.Append(v)
		}
	}
	for range r.IntN(12) {
		var k lua.LValue
		switch r.IntN(4) {
		case 0:
			k = lua.LNumber(r.IntN(40) - 5)
		case 1:
			k = lua.LNumber(r.NormFloat64())
		case 2:
			k = lua.LBool(r.IntN(2) == 0)
		default:
			k = lua.LString(strings.Repeat("k", r.IntN(5)))
		}
		t.RawSet(k, randomValue(L, r, depth-1))
	}
	return t
}

func TestRoundTripsRandomValues(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		v := randomValue(L, r, 4)
		b, err := Encode(v, Limits{})
		if err != nil {
			t.Fatalf("value %d: %v", i, err)
		}
		back, err := Decode(L, b, Limits{})
		if err != nil {
			t.Fatalf("value %d: decoding its encoding: %v", i, err)
		}
		if !equal(v, back) {
			t.Fatalf("value %d: %v came back as %v", i, v, back)
		}
		again, _ := Encode(back, Limits{})
		if !bytes.Equal(b, again) {
			t.Fatalf("value %d: equal tables encode differently:\n%x\n%x", i, b, again)
		}
	}
}

// The encoding's bytes, as docs/node.md describes them.
func TestEncodingBytes(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	if err := L.DoString(`v = {"a", 7, x = true, [-1] = 0.5, [false] = -3}`); err != nil {
		t.Fatal(err)
	}
	b, err := Encode(L.GetGlobal("v"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{
		tagTable, 2, 3, // two in the list part, three other keys
		tagString, 1, 'a', tagInteger, 14, // "a", 7 (zigzag 14)
		tagInteger, 1, tagFloat, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0, // [-1] = 0.5
		tagString, 1, 'x', tagTrue, // x = true
		tagFalse, tagInteger, 5, // [false] = -3
	}
	if !bytes.Equal(b, want) {
		t.Errorf("encoding\n got %v\nwant %v", b, want)
	}
}

func TestEncodeRefuses(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	if err := L.DoString(`
loop = {} loop.me = {up = loop}
deep = {} local t = deep for i = 1, 40 do t.x = {} t = t.x end
fn = {handlers = {on = print}}
tkey = {[{}] = 1}
big = {string.rep("x", 100)}
`); err != nil {
		t.Fatal(err)
	}
	nan := L.NewTable() // Lua refuses NaN keys; Go may set one
	nan.RawSetH(lua.LNumber(math.NaN()), lua.LTrue)
	L.SetGlobal("nankey", nan)
	for _, c := range []struct {
		global string
		limit  int
		want   string
	}{
		{"loop", 0, "a table that contains itself (at value.me.up)"},
		{"deep", 0, "nested more than 32 deep"},
		{"fn", 0, "cannot encode a function (at value.handlers.on)"},
		{"tkey", 0, "a table key that is a table"},
		{"nankey", 0, "NaN as a key"},
		{"big", 50, "passes the limit of 50 bytes"},
	} {
		_, err := Encode(L.GetGlobal(c.global), Limits{MaxSize: c.limit})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one with %q", c.global, err, c.want)
		}
	}
}

func TestDecodeRefusesHostileBytes(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	nested := bytes.Repeat([]byte{tagTable, 1, 0}, 40)
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "truncated: a value was expected (at byte 0)"},
		{"unknown tag", []byte{0x42}, "unknown tag 0x42 (at byte 0)"},
		{"huge string", []byte{tagString, 0xff, 0xff, 0xff, 0xff, 0x0f, 'a'}, "a count of 4294967295, more than the 1 bytes that follow hold"},
		{"huge table", []byte{tagTable, 0xff, 0xff, 0x03, 0, tagNil}, "more than the 2 bytes that follow hold"},
		{"bad varint", []byte{tagInteger, 0xff, 0xff}, "malformed or truncated varint"},
		{"short float", []byte{tagFloat, 1, 2}, "a number needs 8 bytes"},
		{"deep", append(nested, tagNil), "nested more than 32 deep"},
		{"nil in list", []byte{tagTable, 1, 0, tagNil}, "nil in a table's list part (at byte 3)"},
		{"nil key", []byte{tagTable, 0, 1, tagNil, tagTrue}, "a key that is a nil (at byte 3)"},
		{"key twice", []byte{tagTable, 0, 2, tagTrue, tagTrue, tagTrue, tagFalse}, "the key true twice (at byte 5)"},
		{"nil value", []byte{tagTable, 0, 1, tagTrue, tagNil}, "a key with a nil value (at byte 4)"},
		{"trailing", []byte{tagTrue, tagTrue}, "1 bytes after the value (at byte 1)"},
		{"sparse bomb", []byte{tagTable, 0, 1, tagInteger, 0xfe, 0xff, 0x7f, tagTrue}, "integer keys that would make tables' list parts larger"},
	} {
		v, err := Decode(L, c.b, Limits{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, %v; want an error with %q", c.name, v, err, c.want)
		}
	}
}

// Charge hears of the work done, and may stop it.
func TestChargeStopsLongWork(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	list := L.NewTable()
	for i := range 10000 {
		list.Append(lua.LNumber(i))
	}
	steps := 0
	b, err := Encode(list, Limits{Charge: func(n int) { steps += n }})
	if err != nil || steps < 9000 {
		t.Fatalf("encoding 10,001 values charged %d steps (%v)", steps, err)
	}
	defer func() {
		if recover() != "stop" {
			t.Error("a Charge that panics did not stop Decode")
		}
	}()
	Decode(L, b, Limits{Charge: func(int) { panic("stop") }})
}
