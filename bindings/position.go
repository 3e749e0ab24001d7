package bindings

import (
	"math"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// position is where a node is on the plane: positions are the script's,
// for mesh.radio and mobility to join and part nodes by distance.
type position struct{ x, y float64 }

// nodePosition is n:position() -> x, y, or nil if the node has none.
func (h *Host) nodePosition(L *lua.LState) int {
	n := checkNode(L, 1)
	p, ok := h.positions[n]
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LNumber(p.x))
	L.Push(lua.LNumber(p.y))
	return 2
}

// nodeMoveTo is n:move_to(x, y): puts the node at (x, y).
func (h *Host) nodeMoveTo(L *lua.LState) int {
	n := checkNode(L, 1)
	x, y := L.CheckNumber(2), L.CheckNumber(3)
	for i, v := range []lua.LNumber{x, y} {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			L.ArgError(i+2, "a position is a finite number")
		}
	}
	if h.positions == nil {
		h.positions = map[*runtime.Node]position{}
	}
	h.positions[n] = position{float64(x), float64(y)}
	return 0
}
