package nodevm

import (
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// FuzzFrameDecode runs frame:decode on any bytes: it never raises an
// error or panics, it names the layers it decoded, and a frame with a
// whole Ethernet header decodes to that header's addresses and type.
func FuzzFrameDecode(f *testing.F) {
	eth := func(etherType uint16, payload ...byte) []byte {
		return runtime.NewFrame(runtime.Broadcast, runtime.MAC{2, 0, 0, 0, 0, 1}, etherType, payload).Bytes()
	}
	f.Add(eth(0x0800, 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 53, 0, 53, 0, 8, 0, 0))
	f.Add(eth(0x86dd, 0x60, 0, 0, 0, 0, 0, 58, 64))
	f.Add(eth(0x0806, 0, 1, 8, 0, 6, 4, 0, 1))
	f.Add(eth(runtime.EtherType, 'h', 'i'))
	f.Add([]byte{1, 2, 3})
	L := lua.NewState()
	defer L.Close()
	mt := frameMetatable(L)
	decode := L.NewFunction(frameDecode)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := L.CallByParam(lua.P{Fn: decode, NRet: 1, Protect: true}, newFrame(data, 1, mt)); err != nil {
			t.Fatalf("frame:decode of %x raised %v", data, err)
		}
		out, ok := L.Get(-1).(*lua.LTable)
		L.Pop(1)
		if !ok {
			t.Fatalf("frame:decode of %x returned %v", data, out)
		}
		names, ok := out.RawGetString("layers").(*lua.LTable)
		if !ok {
			t.Fatalf("frame:decode of %x has no layers", data)
		}
		if p, ok := out.RawGetString("payload").(lua.LString); ok && len(p) > len(data) {
			t.Fatalf("a payload of %d bytes in a frame of %d", len(p), len(data))
		}
		if len(data) < runtime.HeaderLen {
			return
		}
		e, ok := out.RawGetString("ethernet").(*lua.LTable)
		if names.RawGetInt(1) != lua.LString("Ethernet") || !ok {
			t.Fatalf("a frame of %d bytes decoded without its Ethernet layer: %v", len(data), names.RawGetInt(1))
		}
		dst, src, typ, _ := runtime.Header(data)
		if e.RawGetString("src").String() != src.String() || e.RawGetString("dst").String() != dst.String() ||
			typ >= 0x600 && e.RawGetString("type") != lua.LNumber(typ) { // below, an 802.3 length: gopacket says LLC
			t.Fatalf("the Ethernet header of %x decoded as %v -> %v type %v", data[:runtime.HeaderLen],
				e.RawGetString("src"), e.RawGetString("dst"), e.RawGetString("type"))
		}
	})
}
