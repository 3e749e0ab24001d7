package nodevm

import (
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
	ud      lua.LUserData
	data    string     // the bytes: in small, or a string of their own
	payload lua.LValue // the payload's Lua string, once read
	port    int
	small   [64]byte
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

// header is the frame as a frame table describes it: all zero for a frame
// too short to have an Ethernet header.
func (f *luaFrame) header() header {
	// f.data's bytes never change, and Header only reads them.
	dst, src, etherType, ok := runtime.Header(unsafe.Slice(unsafe.StringData(f.data), len(f.data)))
	if !ok {
		return header{srcSet: true}
	}
	return header{dst: dst, src: src, srcSet: true, etherType: etherType, payload: f.data[runtime.HeaderLen:]}
}

// addr is a frame's src or dst as Lua sees it: "" for a frame too short to
// have one.
func (f *luaFrame) addr(m runtime.MAC) lua.LValue {
	if len(f.data) < runtime.HeaderLen {
		return lua.LString("")
	}
	return luakit.MACString(m)
}

// frameMetatable makes the metatable every frame shares.
func frameMetatable(L *lua.LState) *lua.LTable {
	decode := L.NewFunction(frameDecode)
	mt := L.CreateTable(0, 3)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int { return frameIndex(L, decode) }))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		f := checkFrame(L, 1)
		h := f.header()
		L.Push(lua.LString(fmt.Sprintf("frame %s -> %s type 0x%04x, %d bytes",
			f.addr(h.src), f.addr(h.dst), h.etherType, len(f.data))))
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

// frameIndex is frame.KEY for the keys IndexField leaves to it: decode
// (frame:decode), and the error for a key that is neither string nor
// number.
func frameIndex(L *lua.LState, decode *lua.LFunction) int {
	checkFrame(L, 1)
	key, _ := L.Get(2).(lua.LString)
	switch key {
	case "decode":
		L.Push(decode)
	default:
		L.CheckString(2) // a key that is no string nor number raises an error
		L.Push(lua.LNil)
	}
	return 1
}

// IndexField answers a frame's fields (src, dst, type, payload, port, len)
// in Go, without a call into the VM (gopher-lua's FieldIndexer, see
// third_party/gopher-lua.patches.md): a program reads them as cheaply as a
// table's. The payload's Lua string is made on the first read and kept.
func (f *luaFrame) IndexField(key lua.LValue) (lua.LValue, bool) {
	name, ok := key.(lua.LString)
	if !ok {
		return nil, false
	}
	switch name {
	case "src":
		return f.addr(f.header().src), true
	case "dst":
		return f.addr(f.header().dst), true
	case "type":
		return luakit.Number(int(f.header().etherType)), true
	case "payload":
		if f.payload == nil {
			f.payload = lua.LString(f.header().payload)
		}
		return f.payload, true
	case "port":
		return luakit.Number(f.port), true
	case "len":
		return luakit.Number(len(f.data)), true
	}
	return nil, false
}
