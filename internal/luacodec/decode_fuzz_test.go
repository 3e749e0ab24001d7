package luacodec

import (
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// FuzzDecode feeds Decode any bytes: it returns a value or an error and
// never panics, and a value it returns encodes and decodes back to itself.
// The seed corpus (testdata/fuzz/FuzzDecode) holds encodings of nested
// tables, sparse keys, floats and hostile counts.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{tagTable, 2, 1, tagString, 1, 'a', tagInteger, 14, tagTrue, tagFalse})
	f.Fuzz(func(t *testing.T, b []byte) {
		L := lua.NewState(lua.Options{SkipOpenLibs: true})
		defer L.Close()
		v, err := Decode(L, b, Limits{})
		if err != nil {
			return
		}
		again, err := Encode(v, Limits{})
		if err != nil {
			t.Fatalf("decoded %x to a value that does not encode: %v", b, err)
		}
		back, err := Decode(L, again, Limits{})
		if err != nil || !equal(v, back) {
			t.Fatalf("decoded %x, encoded it as %x, which decodes to %v (%v)", b, again, back, err)
		}
	})
}
