package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/export"
	"github.com/meshlua/meshlua/runtime"
)

// meshExport is mesh.export(path): the network as it is now, written to
// path in the format its extension names (see export.Write). For a
// picture it returns what drew it.
func (h *Host) meshExport(L *lua.LState) int {
	path := L.CheckString(1)
	drawnBy, err := export.Write(path, h.Graph())
	if err != nil {
		L.RaiseError("mesh.export: %v", err)
	}
	if drawnBy == "" {
		return 0
	}
	L.Push(lua.LString(drawnBy))
	return 1
}

// Graph describes the network as it is now, for export.
func (h *Host) Graph() *export.Graph { return export.FromNetwork(h.Net, exportInfo{h}) }

// exportInfo is what the host knows of its network that the runtime does
// not: links' kinds, programs' names, nodes' places.
type exportInfo struct{ h *Host }

// Kind is the kind of link l, as mesh.link names it.
func (i exportInfo) Kind(l *runtime.Link) string { return i.h.kind(l) }

// Program names n's program as node.program does.
func (exportInfo) Program(n *runtime.Node) string { return programName(n) }

// Position is n's place, as n:position() gives it.
func (i exportInfo) Position(n *runtime.Node) (float64, float64, bool) {
	p, ok := i.h.positions[n]
	return p.x, p.y, ok
}

// kind is the kind of link l, as mesh.link names it.
func (h *Host) kind(l *runtime.Link) string {
	if k := h.kinds[l]; k != "" {
		return k
	}
	return "virtual"
}
