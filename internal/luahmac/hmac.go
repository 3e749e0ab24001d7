// Package luahmac is the hmac module of node programs: HMAC-SHA256 of a
// message under a key, and a comparison of two MACs in constant time, for
// protocols that authenticate their messages with a shared key (dv and
// lsr's option key). Written in Go: a hash in Lua would cost a node more
// than the rest of a message.
package luahmac

import (
	"crypto/hmac"
	"crypto/sha256"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// Size is the length in bytes of a MAC that hmac.sha256 makes.
const Size = sha256.Size

// Funcs are the functions of the hmac module: hmac.sha256(key, message)
// -> the 32-byte MAC, a binary string; hmac.equal(a, b) -> whether two
// strings are equal, in a time that depends on their length only.
func Funcs() []luakit.NamedFunc {
	return []luakit.NamedFunc{
		{Name: "sha256", Fn: func(L *lua.LState) int {
			m := hmac.New(sha256.New, []byte(L.CheckString(1)))
			m.Write([]byte(L.CheckString(2)))
			L.Push(lua.LString(m.Sum(nil)))
			return 1
		}},
		{Name: "equal", Fn: func(L *lua.LState) int {
			L.Push(lua.LBool(hmac.Equal([]byte(L.CheckString(1)), []byte(L.CheckString(2)))))
			return 1
		}},
	}
}
