package bindings

import (
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/nodevm"
	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
)

// nodeTypeName is the type of node objects.
const nodeTypeName = "mesh.node"

// nodeType is the node object: node.name, node.program and the methods.
var nodeType = &objectType[*runtime.Node]{
	name:  nodeTypeName,
	check: checkNode,
	fields: map[string]func(*runtime.Node) lua.LValue{
		"name":    func(n *runtime.Node) lua.LValue { return lua.LString(n.Name()) },
		"program": func(n *runtime.Node) lua.LValue { return lua.LString(programName(n)) },
	},
	methods: map[string]func(*Host, *lua.LState) int{
		"call":     (*Host).nodeCall,
		"eval":     (*Host).nodeEval,
		"stats":    (*Host).nodeStats,
		"filter":   (*Host).nodeFilter,
		"reload":   (*Host).nodeReload,
		"ports":    (*Host).nodePorts,
		"position": (*Host).nodePosition,
		"move_to":  (*Host).nodeMoveTo,
	},
	tostring: describeNode,
}

// nodeObject returns the one script-side object for n.
func (h *Host) nodeObject(L *lua.LState, n *runtime.Node) lua.LValue {
	return h.object(L, n, nodeTypeName)
}

// checkNode returns argument n, a node object.
func checkNode(L *lua.LState, n int) *runtime.Node {
	if node, ok := L.CheckUserData(n).Value.(*runtime.Node); ok {
		return node
	}
	L.ArgError(n, "node expected")
	return nil
}

// luaProgram returns the Lua program of n, or raises an error naming what
// (node:call) if n runs a native one.
func luaProgram(L *lua.LState, n *runtime.Node, what string) *nodevm.Program {
	p, ok := n.Program().(*nodevm.Program)
	if !ok {
		L.RaiseError("%s:%s: node %s runs a native program, not Lua", n.Name(), what, n.Name())
	}
	return p
}

// programName is the chunk name of n's Lua program, or "native".
func programName(n *runtime.Node) string {
	if p, ok := n.Program().(*nodevm.Program); ok {
		return p.Config().Chunk.Name()
	}
	return "native"
}

// describeNode is tostring(node).
func describeNode(n *runtime.Node) string {
	var links []string
	for _, p := range n.Ports() {
		links = append(links, fmt.Sprintf("%d:%s", p.Index(), p.Link().Name()))
	}
	s := n.Stats()
	state := ""
	if n.Stopped() {
		state = ", stopped"
	}
	return fmt.Sprintf("node %s (%s; ports %s; sent %d, received %d, dropped %d%s)",
		n.Name(), programName(n), orNone(strings.Join(links, " ")), s.Sent, s.Received, s.Dropped(), state)
}

// nodeCall is node:call(fname, ...): call a global function in the node's
// VM with copies of the arguments and return copies of its results.
func (h *Host) nodeCall(L *lua.LState) int {
	n := checkNode(L, 1)
	fname := L.CheckString(2)
	p := luaProgram(L, n, fmt.Sprintf("call(%q)", fname))
	if n.Stopped() {
		msg := "it has stopped"
		if n.Err() != nil {
			msg = "it stopped: " + firstLine(n.Err().Error())
		}
		L.RaiseError("%s:call(%q): %s", n.Name(), fname, msg)
	}
	args := make([]lua.LValue, 0, L.GetTop()-2)
	for i := 3; i <= L.GetTop(); i++ {
		args = append(args, L.Get(i))
	}
	results, err := p.Call(L, fname, args)
	var ce *nodevm.CopyError
	switch {
	case errors.As(err, &ce):
		L.RaiseError("%s:call(%q) %v", n.Name(), fname, err)
	case err != nil:
		L.RaiseError("%s:call(%q): %v", n.Name(), fname, err)
	}
	for _, v := range results {
		L.Push(v)
	}
	return len(results)
}

// nodeEval is node:eval(src): the values of src, an expression (or
// statements), evaluated in the node's VM under its budget; an error is
// raised here and leaves the node running.
func (h *Host) nodeEval(L *lua.LState) int {
	n := checkNode(L, 1)
	src := L.CheckString(2)
	p := luaProgram(L, n, "eval")
	results, err := p.Eval(L, src)
	if err != nil {
		L.RaiseError("%s:eval: %v", n.Name(), err)
	}
	for _, v := range results {
		L.Push(v)
	}
	return len(results)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// nodeStats is node:stats(): the node's counters, its state and its ports'.
func (h *Host) nodeStats(L *lua.LState) int {
	n := checkNode(L, 1)
	s := n.Stats()
	t := L.NewTable()
	t.RawSetString("sent", lua.LNumber(s.Sent))
	t.RawSetString("received", lua.LNumber(s.Received))
	t.RawSetString("dropped", lua.LNumber(s.Dropped()))
	t.RawSetString("drops", dropsTable(L, &s.Drops))
	t.RawSetString("stopped", lua.LBool(n.Stopped()))
	if n.Err() != nil {
		t.RawSetString("error", lua.LString(n.Err().Error()))
	}
	ports := L.NewTable()
	for _, p := range n.Ports() {
		pt := luakit.PortTable(L, p)
		ps := p.Stats()
		pt.RawSetString("tx", lua.LNumber(ps.Tx))
		pt.RawSetString("rx", lua.LNumber(ps.Rx))
		pt.RawSetString("tx_bytes", lua.LNumber(ps.TxBytes))
		pt.RawSetString("rx_bytes", lua.LNumber(ps.RxBytes))
		ports.Append(pt)
	}
	t.RawSetString("ports", ports)
	L.Push(t)
	return 1
}

// nodePorts is node:ports(): the node's ports as node.ports() lists them.
func (h *Host) nodePorts(L *lua.LState) int {
	t := L.NewTable()
	for _, p := range checkNode(L, 1).Ports() {
		t.Append(luakit.PortTable(L, p))
	}
	L.Push(t)
	return 1
}

// nodeFilter is node:filter("in"|"out", name_or_source, opts): load a filter
// into the node's VM and add it to the chain. The filter's chunk receives
// opts as `...` and returns the filter function.
func (h *Host) nodeFilter(L *lua.LState) int {
	n := checkNode(L, 1)
	dir := luakit.CheckDirection(L, 2)
	spec := L.CheckString(3)
	opts := L.Get(4)
	p := luaProgram(L, n, "filter")
	name, src, err := h.resolve("filter", spec, n.Name()+" filter", stdlib.Filter, stdlib.Filters)
	if err != nil {
		L.RaiseError("%s:filter: %v", n.Name(), err)
	}
	chunk, err := h.compile(name, src)
	if err != nil {
		L.RaiseError("%s:filter: %v", n.Name(), err)
	}
	err = p.AddFilter(dir, chunk, opts)
	var ce *nodevm.CopyError
	switch {
	case errors.As(err, &ce):
		L.RaiseError("%s:filter %v", n.Name(), err)
	case err != nil:
		L.RaiseError("%s:filter %s: %v", n.Name(), name, err)
	}
	return 0
}

// nodeReload is node:reload([program]): replace the node's program (by
// default, load the same one again: edited files are read anew) keeping its
// ports, addresses and counters. A program that does not compile raises an
// error and the old one keeps running.
func (h *Host) nodeReload(L *lua.LState) int {
	n := checkNode(L, 1)
	cfg := luaProgram(L, n, "reload").Config()
	cfg.Spec = L.OptString(2, cfg.Spec)
	if h.Net.Node(n.Name()) != n {
		L.RaiseError("%s:reload: the node has been removed", n.Name())
	}
	var err error
	if cfg.Chunk, err = h.program(cfg.Spec, n.Name()); err != nil {
		L.RaiseError("%s:reload: %v", n.Name(), err)
	}
	prog := nodevm.New(h.vms, cfg)
	n.Replace(prog)
	if err := prog.Load(n); err != nil {
		n.Fail(err)
	}
	return 0
}
