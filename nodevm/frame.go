package nodevm

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// luaFrame is a frame as a node program sees it: its own copy of the bytes,
// which never change, so a program may keep the frame as long as it likes,
// and the port it arrived on. It is its own userdata and holds a frame of
// up to 64 bytes (the smallest Ethernet frame) in itself, so handing such a
// frame to Lua costs one allocation, and a larger one two.
type luaFrame struct {
	ud    lua.LUserData
	data  string // the bytes: in small, or a string of their own
	port  int
	small [64]byte
}

// newFrame returns a frame userdata holding a copy of b.
func newFrame(b []byte, port int, mt *lua.LTable) *lua.LUserData {
	f := &luaFrame{port: port}
	if len(b) <= len(f.small) {
		n := copy(f.small[:], b)
		f.data = unsafe.String(&f.small[0], n) // small is never written again
	} else {
		f.data = string(b)
	}
	f.ud.Value = f
	f.ud.Metatable = mt
	return &f.ud
}

func (f *luaFrame) mac(off int) runtime.MAC {
	var m runtime.MAC
	if len(f.data) >= runtime.HeaderLen {
		copy(m[:], f.data[off:off+6])
	}
	return m
}

func (f *luaFrame) etherType() uint16 {
	if len(f.data) < runtime.HeaderLen {
		return 0
	}
	return binary.BigEndian.Uint16([]byte(f.data[12:14]))
}

func (f *luaFrame) payload() string {
	if len(f.data) < runtime.HeaderLen {
		return ""
	}
	return f.data[runtime.HeaderLen:]
}

// header is the frame as a frame table describes it.
func (f *luaFrame) header() header {
	return header{dst: f.mac(0), src: f.mac(6), srcSet: true, etherType: f.etherType(), payload: f.payload()}
}

// addr is a frame's src or dst as Lua sees it: "" for a frame too short to
// have one.
func (f *luaFrame) addr(off int) lua.LValue {
	if len(f.data) < runtime.HeaderLen {
		return lua.LString("")
	}
	return luakit.MACString(f.mac(off))
}

// frameMetatable makes the metatable every frame shares.
func frameMetatable(L *lua.LState) *lua.LTable {
	decode := L.NewFunction(frameDecode)
	mt := L.CreateTable(0, 3)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int { return frameIndex(L, decode) }))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		f := checkFrame(L, 1)
		L.Push(lua.LString(fmt.Sprintf("frame %s -> %s type 0x%04x, %d bytes",
			f.addr(6), f.addr(0), f.etherType(), len(f.data))))
		return 1
	}))
	mt.RawSetString("__metatable", lua.LString("locked"))
	return mt
}

// toFrame returns v's frame, or nil if v is not a frame.
func toFrame(v lua.LValue) *luaFrame {
	if ud, ok := v.(*lua.LUserData); ok {
		f, _ := ud.Value.(*luaFrame)
		return f
	}
	return nil
}

func checkFrame(L *lua.LState, n int) *luaFrame {
	f := toFrame(L.Get(n))
	if f == nil {
		L.ArgError(n, "frame expected")
	}
	return f
}

// frameIndex is frame.KEY; decode is frame:decode.
func frameIndex(L *lua.LState, decode *lua.LFunction) int {
	f := checkFrame(L, 1)
	key, _ := L.Get(2).(lua.LString)
	switch key {
	case "src":
		L.Push(f.addr(6))
	case "dst":
		L.Push(f.addr(0))
	case "type":
		L.Push(luakit.Number(int(f.etherType())))
	case "payload":
		L.Push(lua.LString(f.payload()))
	case "port":
		L.Push(luakit.Number(f.port))
	case "len":
		L.Push(luakit.Number(len(f.data)))
	case "decode":
		L.Push(decode)
	default:
		L.CheckString(2) // a key that is no string nor number raises an error
		L.Push(lua.LNil)
	}
	return 1
}
