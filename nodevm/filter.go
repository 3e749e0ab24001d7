package nodevm

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// luaFilter runs a Lua function over frames passing a node's port: it
// returns true to pass the frame, false or nil to drop it, or a new frame
// (a frame, or a table like node.send's without the port) to replace it.
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

// rebuild makes a new frame from f with the fields the table sets, read
// as node.send reads its table.
func (lf *luaFilter) rebuild(f *runtime.Frame, t *lua.LTable) (*runtime.Frame, error) {
	h := header{dst: f.Dst(), src: f.Src(), srcSet: true, etherType: f.Type(), payload: string(f.Payload())}
	if err := readFrameTable(t, "a filter's frame", &h, nil); err != nil {
		return nil, err
	}
	return h.build()
}
