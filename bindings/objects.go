package bindings

import (
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
)

const (
	nodeTypeName = "mesh.node"
	linkTypeName = "mesh.link"
)

// nodeObject returns the one script-side object for n.
func (h *Host) nodeObject(L *lua.LState, n *runtime.Node) lua.LValue {
	return h.object(L, n, nodeTypeName)
}

// linkObject returns the one script-side object for l.
func (h *Host) linkObject(L *lua.LState, l *runtime.Link) lua.LValue {
	return h.object(L, l, linkTypeName)
}

func (h *Host) object(L *lua.LState, v any, typeName string) lua.LValue {
	if ud, ok := h.objs[v]; ok {
		return ud
	}
	ud := L.NewUserData()
	ud.Value = v
	ud.Metatable = L.GetTypeMetatable(typeName)
	h.objs[v] = ud
	return ud
}

func (h *Host) checkNode(L *lua.LState, n int) *runtime.Node {
	if node, ok := L.CheckUserData(n).Value.(*runtime.Node); ok {
		return node
	}
	L.ArgError(n, "node expected")
	return nil
}

func (h *Host) checkLink(L *lua.LState, n int) *runtime.Link {
	return h.toLink(L, L.Get(n), fmt.Sprintf("argument #%d", n))
}

// toLink accepts a link object or a link's name.
func (h *Host) toLink(L *lua.LState, v lua.LValue, where string) *runtime.Link {
	var l *runtime.Link
	switch v := v.(type) {
	case *lua.LUserData:
		l, _ = v.Value.(*runtime.Link)
	case lua.LString:
		l = h.Net.Link(string(v))
		if l == nil {
			L.RaiseError("%s: there is no link called %q", where, string(v))
		}
	}
	if l == nil {
		L.RaiseError("%s: link expected, got %s", where, v.Type())
	}
	if l.Removed() {
		L.RaiseError("%s: link %s has been removed", where, l.Name())
	}
	return l
}

// objectIndex is the __index of an object type: field gives the value of a
// field (nil if key is none), and methods are made into Lua functions once,
// so obj.stats is the same function every time it is read.
func objectIndex(L *lua.LState, methods map[string]lua.LGFunction, field func(L *lua.LState, key string) lua.LValue) *lua.LFunction {
	fns := make(map[string]lua.LValue, len(methods))
	for name, fn := range methods {
		fns[name] = L.NewFunction(fn)
	}
	return L.NewFunction(func(L *lua.LState) int {
		key := L.CheckString(2)
		if v := field(L, key); v != nil {
			L.Push(v)
		} else if fn, ok := fns[key]; ok {
			L.Push(fn)
		} else {
			L.Push(lua.LNil)
		}
		return 1
	})
}

func registerNodeObject(L *lua.LState, h *Host) {
	methods := map[string]lua.LGFunction{
		"call":   h.nodeCall,
		"stats":  h.nodeStats,
		"filter": h.nodeFilter,
		"reload": h.nodeReload,
		"ports": func(L *lua.LState) int {
			t := L.NewTable()
			for _, p := range h.checkNode(L, 1).Ports() {
				t.Append(portTable(L, p))
			}
			L.Push(t)
			return 1
		},
	}
	mt := L.NewTypeMetatable(nodeTypeName)
	mt.RawSetString("__index", objectIndex(L, methods, func(L *lua.LState, key string) lua.LValue {
		n := h.checkNode(L, 1)
		switch key {
		case "name":
			return lua.LString(n.Name())
		case "program":
			return lua.LString(n.Program().(*luaProgram).name)
		}
		return nil
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		n := h.checkNode(L, 1)
		var links []string
		for _, p := range n.Ports() {
			links = append(links, fmt.Sprintf("%d:%s", p.Index(), p.Link().Name()))
		}
		s := n.Stats()
		state := ""
		if n.Stopped() {
			state = ", stopped"
		}
		L.Push(lua.LString(fmt.Sprintf("node %s (%s; ports %s; sent %d, received %d, dropped %d%s)",
			n.Name(), n.Program().(*luaProgram).name, orNone(strings.Join(links, " ")), s.Sent, s.Received, s.Dropped(), state)))
		return 1
	}))
}

func registerLinkObject(L *lua.LState, h *Host) {
	methods := map[string]lua.LGFunction{
		"stats":    h.linkStats,
		"settings": h.linkSettings,
		"set":      h.linkSet,
		"down":     func(L *lua.LState) int { h.checkLink(L, 1).SetUp(false); return 0 },
		"up":       func(L *lua.LState) int { h.checkLink(L, 1).SetUp(true); return 0 },
	}
	mt := L.NewTypeMetatable(linkTypeName)
	mt.RawSetString("__index", objectIndex(L, methods, func(L *lua.LState, key string) lua.LValue {
		l, _ := L.CheckUserData(1).Value.(*runtime.Link)
		if l == nil {
			L.ArgError(1, "link expected")
		}
		if key == "name" {
			return lua.LString(l.Name())
		}
		return nil
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		l, _ := L.CheckUserData(1).Value.(*runtime.Link)
		if l == nil {
			L.ArgError(1, "link expected")
		}
		L.Push(lua.LString(describeLink(l)))
		return 1
	}))
}

func describeLink(l *runtime.Link) string {
	im := l.Impairments()
	var parts []string
	if im.Delay > 0 {
		parts = append(parts, "delay "+im.Delay.String())
	}
	if im.Jitter > 0 {
		parts = append(parts, "jitter "+im.Jitter.String())
	}
	if im.Loss > 0 {
		parts = append(parts, fmt.Sprintf("loss %g", im.Loss))
	}
	if im.Rate > 0 {
		parts = append(parts, fmt.Sprintf("rate %dbit/s", im.Rate))
	}
	if !l.Up() {
		parts = append(parts, "down")
	}
	if l.Removed() {
		parts = append(parts, "removed")
	}
	var nodes []string
	for _, p := range l.Ports() {
		nodes = append(nodes, p.Node().Name())
	}
	s := l.Stats()
	groups := []string{"nodes " + orNone(strings.Join(nodes, " ")),
		fmt.Sprintf("offered %d, delivered %d, dropped %d", s.Offered, s.Delivered, s.Dropped())}
	if len(parts) > 0 {
		groups = append([]string{strings.Join(parts, ", ")}, groups...)
	}
	return fmt.Sprintf("link %s (%s)", l.Name(), strings.Join(groups, "; "))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// nodeCall is node:call(fname, ...): call a global function in the node's
// VM with copies of the arguments and return copies of its results.
func (h *Host) nodeCall(L *lua.LState) int {
	n := h.checkNode(L, 1)
	fname := L.CheckString(2)
	p := n.Program().(*luaProgram)
	if n.Stopped() {
		msg := "it has stopped"
		if n.Err() != nil {
			msg = "it stopped: " + firstLine(n.Err().Error())
		}
		L.RaiseError("%s:call(%q): %s", n.Name(), fname, msg)
	}
	fn, ok := p.L.GetGlobal(fname).(*lua.LFunction)
	if !ok {
		L.RaiseError("%s:call(%q): the node has no function %s", n.Name(), fname, fname)
	}
	args := make([]lua.LValue, 0, L.GetTop()-2)
	for i := 3; i <= L.GetTop(); i++ {
		args = append(args, mustCopy(L, p.L, L.Get(i), fmt.Sprintf("%s:call(%q) argument %d", n.Name(), fname, i-2)))
	}
	top := p.L.GetTop()
	if err := p.call(fn, lua.MultRet, args...); err != nil {
		n.Fail(err)
		L.RaiseError("%s:call(%q): %v", n.Name(), fname, err)
	}
	nret := p.L.GetTop() - top
	results := make([]lua.LValue, nret)
	var err error
	for i := range results {
		if results[i], err = copyValue(L, p.L.Get(top+1+i)); err != nil {
			err = fmt.Errorf("result %d: %w", i+1, err)
			break
		}
	}
	p.L.SetTop(top)
	if err != nil {
		L.RaiseError("%s:call(%q) %v", n.Name(), fname, err)
	}
	for _, v := range results {
		L.Push(v)
	}
	return nret
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (h *Host) nodeStats(L *lua.LState) int {
	n := h.checkNode(L, 1)
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
		pt := portTable(L, p)
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

func (h *Host) linkStats(L *lua.LState) int {
	l, _ := L.CheckUserData(1).Value.(*runtime.Link) // a removed link keeps its counters
	if l == nil {
		L.ArgError(1, "link expected")
	}
	s := l.Stats()
	t := L.NewTable()
	for _, c := range []struct {
		name string
		v    uint64
	}{{"offered", s.Offered}, {"delivered", s.Delivered}, {"dropped", s.Dropped()}, {"in_flight", s.InFlight},
		{"bytes", s.Bytes}, {"unicast", s.Unicast}, {"flooded", s.Flooded}, {"copies", s.Copies}} {
		t.RawSetString(c.name, lua.LNumber(c.v))
	}
	t.RawSetString("drops", dropsTable(L, &s.Drops))
	t.RawSetString("up", lua.LBool(l.Up()))
	if dev := l.Device(); dev != nil {
		ds := l.DeviceStats()
		d := L.NewTable()
		for _, c := range []struct {
			name string
			v    uint64
		}{{"rx", ds.RxFrames}, {"rx_bytes", ds.RxBytes}, {"tx", ds.TxFrames}, {"tx_bytes", ds.TxBytes},
			{"tx_errors", ds.TxErrors}, {"busy", l.DeviceBusy()}} {
			d.RawSetString(c.name, lua.LNumber(c.v))
		}
		rejected := L.NewTable()
		keys := make([]string, 0, len(ds.Rejected))
		for k := range ds.Rejected {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rejected.RawSetString(k, lua.LNumber(ds.Rejected[k]))
		}
		d.RawSetString("rejected", rejected)
		t.RawSetString("device", d)
	}
	L.Push(t)
	return 1
}

// linkSet is link:set(opts): change only the impairments given.
func (h *Host) linkSet(L *lua.LState) int {
	l := h.checkLink(L, 1)
	o := checkOptions(L, "link:set", L.CheckTable(2), linkOptions...)
	if o.get("kind") != lua.LNil {
		o.fail("kind", fmt.Errorf("a link's kind cannot change"))
	}
	if err := l.SetImpairments(impairments(o, l.Impairments())); err != nil {
		L.RaiseError("link:set: %v", err)
	}
	return 0
}

// nodeFilter is node:filter("in"|"out", name_or_source, opts): load a filter
// into the node's VM and add it to the chain. The filter's chunk receives
// opts as `...` and returns the filter function.
func (h *Host) nodeFilter(L *lua.LState) int {
	n := h.checkNode(L, 1)
	dir := checkDirection(L, 2)
	spec := L.CheckString(3)
	opts := L.Get(4)
	p := n.Program().(*luaProgram)
	name, src, err := h.resolve("filter", spec, n.Name()+" filter", stdlib.Filter, stdlib.Filters())
	if err != nil {
		L.RaiseError("%s:filter: %v", n.Name(), err)
	}
	proto, err := h.compile(name, src)
	if err != nil {
		L.RaiseError("%s:filter: %v", n.Name(), err)
	}
	var args []lua.LValue
	if opts != lua.LNil {
		args = append(args, mustCopy(L, p.L, opts, n.Name()+":filter options"))
	}
	top := p.L.GetTop()
	if err := p.call(p.L.NewFunctionFromProto(proto), 1, args...); err != nil {
		L.RaiseError("%s:filter %s: %v", n.Name(), name, err)
	}
	fn, ok := p.L.Get(-1).(*lua.LFunction)
	p.L.SetTop(top)
	if !ok {
		L.RaiseError("%s:filter %s: the chunk must return the filter function", n.Name(), name)
	}
	p.addFilter(dir, fn)
	return 0
}

// ObjectFields lists the fields and methods of a node or link object, for
// completion; it returns nil for other values.
func ObjectFields(v lua.LValue) []string {
	if ud, ok := v.(*lua.LUserData); ok {
		switch ud.Value.(type) {
		case *runtime.Node:
			return []string{"call", "filter", "name", "ports", "program", "reload", "stats"}
		case *runtime.Link:
			return []string{"down", "name", "set", "settings", "stats", "up"}
		}
	}
	return nil
}

// linkSettings is link:settings(): the link's current settings, as
// link:set takes them (durations in seconds, rate in bits per second).
func (h *Host) linkSettings(L *lua.LState) int {
	l, _ := L.CheckUserData(1).Value.(*runtime.Link)
	if l == nil {
		L.ArgError(1, "link expected")
	}
	im := l.Impairments()
	t := L.NewTable()
	kind := h.kinds[l]
	if kind == "" {
		kind = "virtual"
	}
	t.RawSetString("kind", lua.LString(kind))
	t.RawSetString("delay", seconds(im.Delay))
	t.RawSetString("jitter", seconds(im.Jitter))
	t.RawSetString("loss", lua.LNumber(im.Loss))
	t.RawSetString("rate", lua.LNumber(im.Rate))
	t.RawSetString("queue", lua.LNumber(im.QueueLimit()))
	t.RawSetString("mtu", lua.LNumber(im.PayloadLimit()))
	t.RawSetString("up", lua.LBool(l.Up()))
	L.Push(t)
	return 1
}

// nodeReload is node:reload([program]): replace the node's program (by
// default, load the same one again: edited files are read anew) keeping its
// ports, addresses and counters. A program that does not compile raises an
// error and the old one keeps running.
func (h *Host) nodeReload(L *lua.LState) int {
	n := h.checkNode(L, 1)
	old := n.Program().(*luaProgram)
	spec := L.OptString(2, old.spec)
	if h.Net.Node(n.Name()) != n {
		L.RaiseError("%s:reload: the node has been removed", n.Name())
	}
	prog := h.newProgram(old.args, old.budget, old.mem.budget)
	prog.spec = spec
	var err error
	if prog.name, prog.proto, err = h.program(spec, n.Name()); err != nil {
		L.RaiseError("%s:reload: %v", n.Name(), err)
	}
	n.Replace(prog)
	if err := prog.load(n); err != nil {
		n.Fail(err)
	}
	return 0
}
