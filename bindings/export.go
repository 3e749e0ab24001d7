package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/export"
	"github.com/meshlua/meshlua/runtime"
)

// meshExport is mesh.export(path): the network as it is now, written to
// path in the format its extension names (see export.Write).
func (h *Host) meshExport(L *lua.LState) int {
	path := L.CheckString(1)
	if err := export.Write(path, h.Graph()); err != nil {
		L.RaiseError("mesh.export: %v", err)
	}
	return 0
}

// Graph describes the network as it is now, for export.
func (h *Host) Graph() *export.Graph {
	return export.FromNetwork(h.Net, h.kind, programName)
}

// kind is the kind of link l, as mesh.link names it.
func (h *Host) kind(l *runtime.Link) string {
	if k := h.kinds[l]; k != "" {
		return k
	}
	return "virtual"
}
