package bindings

import (
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/docs"
	"github.com/meshlua/meshlua/stdlib"
)

// helperNames are the globals openHelpers defines, in the order help()
// lists them.
var helperNames = []string{"nodes", "links", "net", "stats", "pingall", "ping", "iperf", "help"}

// Helpers names the helper functions scripts and the REPL have as globals.
func Helpers() []string { return append([]string(nil), helperNames...) }

// openHelpers defines the helper globals in a script VM: nodes, links, net
// and stats from stdlib/helpers.lua, pingall, ping, iperf and help here.
func (h *Host) openHelpers(L *lua.LState) error {
	v, err := runChunk(L, "stdlib/helpers.lua", stdlib.Helpers())
	if err != nil {
		return err
	}
	lib := v.(*lua.LTable)
	lib.ForEach(func(k, fn lua.LValue) { L.SetGlobal(k.String(), fn) })
	L.SetGlobal("pingall", L.NewFunction(h.pingall))
	L.SetGlobal("ping", L.NewFunction(h.ping))
	L.SetGlobal("iperf", L.NewFunction(h.iperf))
	L.SetGlobal("help", L.NewFunction(h.help))
	return nil
}

// runChunk compiles and runs an embedded chunk and returns its value.
func runChunk(L *lua.LState, name, src string, args ...lua.LValue) (lua.LValue, error) {
	proto, err := Compile(name, src)
	if err != nil {
		return nil, err
	}
	L.Push(L.NewFunctionFromProto(proto))
	for _, a := range args {
		L.Push(a)
	}
	if err := L.PCall(len(args), 1, nil); err != nil {
		return nil, err
	}
	v := L.Get(-1)
	L.Pop(1)
	return v, nil
}

// help is help([name_or_function]): the docs of a function or topic, or,
// without an argument, what there is to ask about.
func (h *Host) help(L *lua.LState) int {
	name := ""
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
		fmt.Fprintf(h.out, "helpers: %s\n", strings.Join(helperNames, "(), ")+"()")
		fmt.Fprintln(h.out, `ask about any of these, e.g. help(mesh.link) or help("node:call"):`)
		fmt.Fprintln(h.out, "  "+strings.Join(docs.Headings(), "\n  "))
		h.flush()
		return 0
	case lua.LString:
		name = string(v)
	case *lua.LFunction:
		name = functionName(L, v)
	case *lua.LTable:
		if mesh, ok := L.GetGlobal("mesh").(*lua.LTable); ok && mesh.RawGetString("topo") == v {
			name = "mesh.topo"
		}
	}
	if name == "" {
		L.ArgError(1, "want a function of mesh, mesh.topo, a helper, or a name such as \"node:call\"")
	}
	text, ok := docs.Section(name)
	if !ok {
		text, ok = docs.Row(name) // mesh.topo's builders are rows of a table
	}
	if !ok {
		L.RaiseError("help: nothing is documented under %q (help() lists the topics)", name)
	}
	fmt.Fprintln(h.out, text)
	h.flush()
	return 0
}

// functionName finds fn among the mesh module, mesh.topo and the helpers.
func functionName(L *lua.LState, fn *lua.LFunction) string {
	for _, g := range helperNames {
		if L.GetGlobal(g) == fn {
			return g
		}
	}
	mesh, _ := L.GetGlobal("mesh").(*lua.LTable)
	if mesh == nil {
		return ""
	}
	name := ""
	mesh.ForEach(func(k, v lua.LValue) {
		if v == fn {
			name = "mesh." + k.String()
		}
	})
	if topo, ok := mesh.RawGetString("topo").(*lua.LTable); ok && name == "" {
		topo.ForEach(func(k, v lua.LValue) {
			if v == fn {
				name = "mesh.topo." + k.String()
			}
		})
	}
	return name
}
