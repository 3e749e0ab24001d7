package luakit

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// PortTable is a port as node.ports() and node:ports() list it: its index,
// its MAC address, the name of its link, whether the link is up and the
// largest payload it carries (its MTU), which a protocol that fragments
// its messages needs.
func PortTable(L *lua.LState, port *runtime.Port) *lua.LTable {
	pt := L.CreateTable(0, 5)
	pt.RawSetString("index", Number(port.Index()))
	pt.RawSetString("mac", MACString(port.MAC()))
	pt.RawSetString("link", lua.LString(port.Link().Name()))
	pt.RawSetString("up", lua.LBool(port.Link().Up()))
	im := port.Link().Impairments()
	pt.RawSetString("mtu", Number(im.PayloadLimit()))
	return pt
}

// CheckDirection reads argument n as the direction of a filter chain,
// "in" or "out".
func CheckDirection(L *lua.LState, n int) runtime.Direction {
	switch s := L.CheckString(n); s {
	case "in":
		return runtime.In
	case "out":
		return runtime.Out
	default:
		L.ArgError(n, fmt.Sprintf("direction must be \"in\" or \"out\", got %q", s))
	}
	return 0
}
