package nodevm

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// portsFuncs are the functions of `require "ports"`. They are written in
// Go because a flood or a bridge calls them for every frame it passes on:
// in Lua, ports.flood built node.ports()'s table of port tables and a
// frame table for every message, the most garbage a flood made.
var portsFuncs = map[string]lua.LGFunction{"flood": portsFlood}

// portsFlood is ports.flood(node, what [, except]): what on every port of
// node but except (a port number; nil: every port), and the number of
// ports it was sent on, whether or not each send went out. what is a
// frame, which leaves unchanged (as node.send(frame, port) sends it), or a
// payload string for a frame to the broadcast address, of the mesh's type,
// from each port's MAC.
func portsFlood(L *lua.LState) int {
	if _, ok := L.Get(1).(*lua.LTable); !ok {
		L.RaiseError("ports.flood: want the node first (ports.flood(node, what [, except])), got %s", L.Get(1).Type())
	}
	p := programOf(L)
	except := L.OptInt(3, 0)
	f := toFrame(L.Get(2))
	payload, isString := L.Get(2).(lua.LString)
	if f == nil && !isString {
		L.RaiseError("ports.flood: want a frame or a payload string to send, got %s", L.Get(2).Type())
	}
	n := 0
	for i := 1; i <= p.node.MaxPort(); i++ {
		port := p.node.Port(i)
		if port == nil || i == except {
			continue
		}
		if f != nil {
			p.forward(i, f.data)
		} else {
			h := header{dst: runtime.Broadcast, src: port.MAC(), etherType: runtime.EtherType, payload: string(payload)}
			p.send(i, &h)
		}
		n++
	}
	L.Push(lua.LNumber(n))
	return 1
}
