package nodevm

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// luaSend is node.send{payload=, dst=, src=, type=, port=, frame=} and
// node.send(frame [, port]): true, or nil and the reason the frame could
// not leave. It allocates nothing but the result; anything wrong is
// explained by the same errors as mesh's options.
func (p *Program) luaSend(L *lua.LState) int {
	if f := toFrame(L.Get(1)); f != nil {
		return p.pushSendResult(L, p.forward(L.OptInt(2, 1), f.data))
	}
	h := header{dst: runtime.Broadcast, etherType: runtime.EtherType}
	port := 1
	if err := readFrameTable(L.CheckTable(1), "node.send", &h, &port); err != nil {
		L.RaiseError("%s", err)
	}
	if !h.srcSet {
		if pt := p.node.Port(port); pt != nil {
			h.src = pt.MAC()
		}
	}
	return p.pushSendResult(L, p.send(port, &h))
}

// header is what a frame given as a table describes.
type header struct {
	dst, src  runtime.MAC
	srcSet    bool
	etherType uint16
	payload   string
}

// The fields of a frame given as a table: node.send's table, or a
// filter's returned one. node.send also takes the port.
var (
	frameFields = []string{"payload", "dst", "src", "type", "frame"}
	sendFields  = append(frameFields[:len(frameFields):len(frameFields)], "port")
)

// readFrameTable reads the frame table t over h: its frame field takes
// the place of all of h, and its other fields each of one part. If port is
// not nil, t may set it too. It reads t in one pass and allocates only for
// an error, which names where ("node.send") and the field.
func readFrameTable(t *lua.LTable, where string, h *header, port *int) error {
	known := frameFields
	if port != nil {
		known = sendFields
	}
	var portV, dst, src, etherType, payload, frame lua.LValue
	var err error
	t.ForEach(func(k, v lua.LValue) {
		switch name, _ := k.(lua.LString); {
		case name == "dst":
			dst = v
		case name == "src":
			src = v
		case name == "type":
			etherType = v
		case name == "payload":
			payload = v
		case name == "frame":
			frame = v
		case name == "port" && port != nil:
			portV = v
		case err == nil:
			err = luakit.KeyError(where, k, known)
		}
	})
	if err != nil {
		return err
	}
	fail := func(key string, err error) error { return luakit.OptionError(where, key, err) }
	if frame != nil {
		f := toFrame(frame)
		if f == nil {
			return fail("frame", fmt.Errorf("want a frame, got %s", frame.Type()))
		}
		*h = f.header()
	}
	if portV != nil {
		v, ok := portV.(lua.LNumber)
		if !ok {
			return fail("port", fmt.Errorf("want a port number, got %s", portV.Type()))
		}
		*port = int(v)
	}
	if dst != nil {
		if h.dst, err = luakit.ToMAC(dst); err != nil {
			return fail("dst", err)
		}
	}
	if src != nil {
		if h.src, err = luakit.ToMAC(src); err != nil {
			return fail("src", err)
		}
		h.srcSet = true
	}
	if etherType != nil {
		v, ok := etherType.(lua.LNumber)
		if !ok || v < 0 || v > 0xffff {
			return fail("type", fmt.Errorf("want an ethertype from 0 to 0xffff, got %v", etherType))
		}
		h.etherType = uint16(v)
	}
	if payload != nil {
		s, ok := payload.(lua.LString)
		if !ok {
			return fail("payload", fmt.Errorf("want a string, got %s", payload.Type()))
		}
		h.payload = string(s)
	}
	return nil
}

// build makes the frame h describes.
func (h *header) build() (*runtime.Frame, error) {
	f := runtime.GetFrame(runtime.HeaderLen + len(h.payload))
	if f == nil {
		return nil, fmt.Errorf("payload of %d bytes is larger than any frame", len(h.payload))
	}
	b := f.Bytes()
	runtime.PutHeader(b, h.dst, h.src, h.etherType)
	copy(b[runtime.HeaderLen:], h.payload)
	return f, nil
}

// send builds the frame h describes and sends it out of port.
func (p *Program) send(port int, h *header) error {
	f, err := h.build()
	if err != nil {
		return err
	}
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
