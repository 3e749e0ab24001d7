package nodevm

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// luaFilter runs a Lua function over frames passing a node's port: it
// returns true to pass the frame, false or nil to drop it, or a new frame
// (a frame, or a table with any of payload, dst, src, type) to replace it.
type luaFilter struct {
	p *Program // which holds the function, keyed by the filter (held)
}

var _ runtime.Filter = (*luaFilter)(nil)

// Filter calls the Lua function on f.
func (lf *luaFilter) Filter(_ *runtime.Node, port *runtime.Port, f *runtime.Frame) (*runtime.Frame, error) {
	fn := lf.p.held[lf]
	if fn == nil {
		return nil, fmt.Errorf("the node has stopped")
	}
	L := lf.p.L
	if err := lf.p.call(fn, 1, newFrame(f.Bytes(), port.Index(), lf.p.parts.frameMT)); err != nil {
		return nil, fmt.Errorf("in a filter: %w", err)
	}
	ret := L.Get(-1)
	L.Pop(1)
	switch r := ret.(type) {
	case lua.LBool:
		if r {
			return f, nil
		}
		return nil, nil
	case *lua.LNilType:
		return nil, nil
	case *lua.LUserData:
		if fr, ok := r.Value.(*luaFrame); ok {
			g := runtime.GetFrame(len(fr.data))
			if g == nil {
				return nil, fmt.Errorf("a filter returned a frame larger than %d bytes", runtime.MaxFrame)
			}
			copy(g.Bytes(), fr.data)
			return g, nil
		}
	case *lua.LTable:
		return lf.rebuild(f, r)
	}
	return nil, fmt.Errorf("a filter must return true, false, a frame or a table, not %s", ret.Type())
}

// rebuild makes a new frame from f with the fields the table sets.
func (lf *luaFilter) rebuild(f *runtime.Frame, t *lua.LTable) (*runtime.Frame, error) {
	dst, src, et, payload := f.Dst(), f.Src(), f.Type(), string(f.Payload())
	var err error
	t.ForEach(func(k, v lua.LValue) {
		if err != nil {
			return
		}
		switch k.String() {
		case "dst", "src":
			m, perr := runtime.ParseMAC(v.String())
			if perr != nil {
				err = fmt.Errorf("a filter's frame field %s: %v", k, perr)
			} else if k.String() == "dst" {
				dst = m
			} else {
				src = m
			}
		case "type":
			n, ok := v.(lua.LNumber)
			if !ok || n < 0 || n > 0xffff {
				err = fmt.Errorf("a filter's frame field type must be an ethertype, got %v", v)
			}
			et = uint16(n)
		case "payload":
			payload = v.String()
		default:
			err = fmt.Errorf("a filter's frame has an unknown field %q (fields: payload, dst, src, type)", k.String())
		}
	})
	if err != nil {
		return nil, err
	}
	g := runtime.NewFrame(dst, src, et, []byte(payload))
	if g == nil {
		return nil, fmt.Errorf("a filter returned a frame larger than %d bytes", runtime.MaxFrame)
	}
	return g, nil
}
