package nodevm

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// sendFields are the fields of node.send's table.
var sendFields = []string{"payload", "dst", "src", "type", "port", "frame"}

// luaSend is node.send{payload=, dst=, src=, type=, port=, frame=} and
// node.send(frame [, port]): true, or nil and the reason the frame could
// not leave. It reads the table in one pass and allocates nothing but the
// result; anything wrong is explained by the same errors as mesh's options.
func (p *Program) luaSend(L *lua.LState) int {
	if f := toFrame(L.Get(1)); f != nil {
		return p.pushSendResult(L, p.forward(L.OptInt(2, 1), f.data))
	}
	t := L.CheckTable(1)
	var port, dst, src, etherType, payload, frame lua.LValue
	t.ForEach(func(k, v lua.LValue) {
		switch name, _ := k.(lua.LString); name {
		case "port":
			port = v
		case "dst":
			dst = v
		case "src":
			src = v
		case "type":
			etherType = v
		case "payload":
			payload = v
		case "frame":
			frame = v
		default:
			luakit.CheckOptions(L, "node.send", t, sendFields...) // raises the error naming k
		}
	})
	o := luakit.Options{L: L, Where: "node.send"}
	var h header
	if frame != nil {
		f := toFrame(frame)
		if f == nil {
			o.Fail("frame", fmt.Errorf("want a frame, got %s", frame.Type()))
		}
		h = header{dst: f.mac(0), src: f.mac(6), etherType: f.etherType(), payload: f.payload(), srcSet: true}
	} else {
		h = header{dst: runtime.Broadcast, etherType: runtime.EtherType}
	}
	n := 1
	if port != nil {
		v, ok := port.(lua.LNumber)
		if !ok {
			o.Fail("port", fmt.Errorf("want a port number, got %s", port.Type()))
		}
		n = int(v)
	}
	if dst != nil {
		h.dst = o.MAC("dst", dst)
	}
	if src != nil {
		h.src, h.srcSet = o.MAC("src", src), true
	}
	if !h.srcSet {
		if pt := p.node.Port(n); pt != nil {
			h.src = pt.MAC()
		}
	}
	if etherType != nil {
		v, ok := etherType.(lua.LNumber)
		if !ok || v < 0 || v > 0xffff {
			o.Fail("type", fmt.Errorf("want an ethertype from 0 to 0xffff, got %v", etherType))
		}
		h.etherType = uint16(v)
	}
	if payload != nil {
		s, ok := payload.(lua.LString)
		if !ok {
			o.Fail("payload", fmt.Errorf("want a string, got %s", payload.Type()))
		}
		h.payload = string(s)
	}
	return p.pushSendResult(L, p.send(n, &h))
}

// header is what node.send puts in a frame.
type header struct {
	dst, src  runtime.MAC
	srcSet    bool
	etherType uint16
	payload   string
}

// send builds the frame h describes and sends it out of port.
func (p *Program) send(port int, h *header) error {
	f := runtime.GetFrame(runtime.HeaderLen + len(h.payload))
	if f == nil {
		return fmt.Errorf("payload of %d bytes is larger than any frame", len(h.payload))
	}
	b := f.Bytes()
	copy(b[0:6], h.dst[:])
	copy(b[6:12], h.src[:])
	b[12], b[13] = byte(h.etherType>>8), byte(h.etherType)
	copy(b[runtime.HeaderLen:], h.payload)
	return p.node.Send(port, f)
}

// forward sends a copy of the frame data out of port, unchanged.
func (p *Program) forward(port int, data string) error {
	f := runtime.GetFrame(len(data))
	copy(f.Bytes(), data)
	return p.node.Send(port, f)
}

func (p *Program) pushSendResult(L *lua.LState, err error) int {
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LTrue)
	return 1
}
