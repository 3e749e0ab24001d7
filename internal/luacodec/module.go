package luacodec

import (
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// Funcs are the functions of the codec module, codec.encode and
// codec.decode, each bounded by what limits returns for the VM calling it.
func Funcs(limits func(L *lua.LState) Limits) []luakit.NamedFunc {
	return []luakit.NamedFunc{
		{Name: "encode", Fn: func(L *lua.LState) int {
			L.CheckAny(1)
			b, err := Encode(L.Get(1), limits(L))
			if err != nil {
				L.RaiseError("codec.encode: %v", err)
			}
			L.Push(lua.LString(b))
			return 1
		}},
		{Name: "decode", Fn: func(L *lua.LState) int {
			s := L.CheckString(1)
			// Decode only reads the bytes, and copies the strings it makes.
			v, err := Decode(L, unsafe.Slice(unsafe.StringData(s), len(s)), limits(L))
			if err != nil {
				L.Push(lua.LNil)
				L.Push(lua.LString("codec.decode: " + err.Error()))
				return 2
			}
			L.Push(v)
			return 1
		}},
	}
}
