package bindings

import (
	"encoding/binary"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

const frameTypeName = "frame"

// luaFrame is a frame as a node program sees it: a copy of the bytes, so a
// program may keep it, and the port it arrived on.
type luaFrame struct {
	data string
	port int
}

func (f *luaFrame) mac(off int) string {
	if len(f.data) < runtime.HeaderLen {
		return ""
	}
	var m runtime.MAC
	copy(m[:], f.data[off:off+6])
	return m.String()
}

func (f *luaFrame) etherType() int {
	if len(f.data) < runtime.HeaderLen {
		return 0
	}
	return int(binary.BigEndian.Uint16([]byte(f.data[12:14])))
}

func (f *luaFrame) payload() string {
	if len(f.data) < runtime.HeaderLen {
		return ""
	}
	return f.data[runtime.HeaderLen:]
}

// registerFrame installs the frame metatable in L.
func registerFrame(L *lua.LState) {
	mt := L.NewTypeMetatable(frameTypeName)
	mt.RawSetString("__index", L.NewFunction(frameIndex))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		f := checkFrame(L, 1)
		L.Push(lua.LString(fmt.Sprintf("frame %s -> %s type 0x%04x, %d bytes", f.mac(6), f.mac(0), f.etherType(), len(f.data))))
		return 1
	}))
	mt.RawSetString("__metatable", lua.LString("locked"))
}

// pushFrame pushes a new frame userdata holding a copy of f.
func pushFrame(L *lua.LState, f *runtime.Frame, port int) lua.LValue {
	ud := L.NewUserData()
	ud.Value = &luaFrame{data: string(f.Bytes()), port: port}
	ud.Metatable = L.GetTypeMetatable(frameTypeName)
	return ud
}

func checkFrame(L *lua.LState, n int) *luaFrame {
	ud := L.CheckUserData(n)
	if f, ok := ud.Value.(*luaFrame); ok {
		return f
	}
	L.ArgError(n, "frame expected")
	return nil
}

func frameIndex(L *lua.LState) int {
	f := checkFrame(L, 1)
	switch key := L.CheckString(2); key {
	case "src":
		L.Push(lua.LString(f.mac(6)))
	case "dst":
		L.Push(lua.LString(f.mac(0)))
	case "type":
		L.Push(lua.LNumber(f.etherType()))
	case "payload":
		L.Push(lua.LString(f.payload()))
	case "port":
		L.Push(lua.LNumber(f.port))
	case "len":
		L.Push(lua.LNumber(len(f.data)))
	case "decode":
		L.Push(L.NewFunction(frameDecode))
	default:
		L.Push(lua.LNil)
	}
	return 1
}
