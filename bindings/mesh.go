package bindings

import (
	"fmt"
	"math"
	"slices"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/nodevm"
	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
)

// linkOptions are the keys mesh.link and link:set accept.
var linkOptions = []string{"kind", "delay", "jitter", "loss", "rate", "queue", "mtu"}

// nodeOptions are the keys mesh.node accepts.
var nodeOptions = []string{"program", "args", "links", "budget", "memory"}

// OpenMesh installs the global `mesh` in a script's VM, routes the script's
// print to the network's log writer, and loads mesh.topo and the helpers
// (nodes, links, net, stats, pingall, ping, iperf, help).
func (h *Host) OpenMesh(L *lua.LState) error {
	nodeType.register(L, h)
	linkType.register(L, h)
	m := L.NewTable()
	luakit.SetFuncs(L, m, []luakit.NamedFunc{
		{Name: "seed", Fn: h.meshSeed},
		{Name: "link", Fn: h.meshLink},
		{Name: "node", Fn: h.meshNode},
		{Name: "connect", Fn: h.meshConnect},
		{Name: "disconnect", Fn: h.meshDisconnect},
		{Name: "remove", Fn: h.meshRemove},
		{Name: "now", Fn: func(L *lua.LState) int { L.Push(luakit.Seconds(h.Net.Now())); return 1 }},
		{Name: "nodes", Fn: h.meshNodes},
		{Name: "links", Fn: h.meshLinks},
		{Name: "get", Fn: h.meshGet},
		{Name: "stats", Fn: h.meshStats},
		{Name: "capture", Fn: h.meshCapture},
		{Name: "export", Fn: h.meshExport},
		{Name: "realtime", Fn: h.meshRealtime},
		{Name: "readline", Fn: h.meshReadline},
		{Name: "ui", Fn: h.meshUI},
	})
	h.openExperiments(L, m)
	L.SetGlobal("mesh", m)
	if lib, ok := L.GetGlobal("math").(*lua.LTable); ok {
		seedMath(L, lib, h.rng)
	}
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		fmt.Fprintln(h.out, luakit.JoinArgs(L, 0))
		h.flush()
		return 0
	}))
	topo, err := runChunk(L, "stdlib/topo.lua", stdlib.Topo(), L.NewFunction(luaReadGraph))
	if err != nil {
		return err
	}
	m.RawSetString("topo", topo)
	luakit.SetFuncs(L, m, h.graphFuncs())
	if err := openRadio(L, m); err != nil {
		return err
	}
	preloadCodec(L)
	return h.openHelpers(L)
}

// meshSeed is mesh.seed(n), which sets the seed, and mesh.seed(), which
// returns it.
func (h *Host) meshSeed(L *lua.LState) int {
	if L.GetTop() == 0 {
		L.Push(lua.LNumber(h.Net.Seed()))
		return 1
	}
	n := L.CheckNumber(1)
	if n < 0 || n != lua.LNumber(math.Floor(float64(n))) || n > 1<<53 {
		L.ArgError(1, "the seed must be a whole number >= 0")
	}
	if h.seedSet {
		return 0 // --seed on the command line wins
	}
	if err := h.Net.SetSeed(uint64(n)); err != nil {
		L.RaiseError("mesh.seed: %v", err)
	}
	h.rng.Seed(runtime.DeriveSeed(uint64(n), "script", ""))
	return 0
}

// impairments reads link options over base, changing only the keys given.
func impairments(o *luakit.Options, base runtime.Impairments) runtime.Impairments {
	im := base
	if v := o.Get("delay"); v != lua.LNil {
		d, err := luakit.ParseDuration(v)
		if err != nil {
			o.Fail("delay", err)
		}
		im.Delay = d
	}
	if v := o.Get("jitter"); v != lua.LNil {
		d, err := luakit.ParseDuration(v)
		if err != nil {
			o.Fail("jitter", err)
		}
		im.Jitter = d
	}
	if v := o.Get("loss"); v != lua.LNil {
		f, ok := v.(lua.LNumber)
		if !ok || f < 0 || f > 1 {
			o.Fail("loss", fmt.Errorf("want a probability from 0 to 1, got %v", v))
		}
		im.Loss = float64(f)
	}
	if v := o.Get("rate"); v != lua.LNil {
		r, err := luakit.ParseRate(v)
		if err != nil {
			o.Fail("rate", err)
		}
		im.Rate = r
	}
	if v := o.Get("queue"); v != lua.LNil {
		n, ok := v.(lua.LNumber)
		if !ok || n < 1 || n != lua.LNumber(math.Floor(float64(n))) {
			o.Fail("queue", fmt.Errorf("want a whole number of frames >= 1, got %v", v))
		}
		im.Queue = int(n)
	}
	if v := o.Get("mtu"); v != lua.LNil {
		n, ok := v.(lua.LNumber)
		if !ok || n < 1 || n > runtime.MaxFrame-runtime.HeaderLen {
			o.Fail("mtu", fmt.Errorf("want a payload size from 1 to %d bytes, got %v", runtime.MaxFrame-runtime.HeaderLen, v))
		}
		im.MTU = int(n)
	}
	if err := im.Validate(); err != nil {
		o.L.RaiseError("%s: %v", o.Where, err)
	}
	return im
}

func (h *Host) meshLink(L *lua.LState) int {
	name := L.CheckString(1)
	t := L.OptTable(2, nil)
	kind := "virtual"
	var real links.Kind
	known := linkOptions
	if t != nil {
		if v := t.RawGetString("kind"); v != lua.LNil {
			kind = v.String()
		}
	}
	if kind != "virtual" {
		var ok bool
		if real, ok = links.Lookup(kind); !ok {
			L.RaiseError("mesh.link: option kind: there is no link kind %q (kinds: %s)", kind,
				strings.Join(append([]string{"virtual"}, links.Kinds()...), ", "))
		}
		known = append([]string(nil), linkOptions...)
		for _, k := range real.Options {
			if !slices.Contains(known, k) { // a common option the kind takes too (mtu)
				known = append(known, k)
			}
		}
	}
	o := luakit.CheckOptions(L, "mesh.link", t, known...)
	im := impairments(o, runtime.Impairments{})
	if h.Net.Node(name) != nil || h.Net.Link(name) != nil {
		L.RaiseError("mesh.link: the name %q is already taken", name)
	}
	var dev runtime.Device
	if kind != "virtual" {
		kindOpts := map[string]any{}
		for _, k := range real.Options {
			switch v := o.Get(k).(type) {
			case lua.LString:
				kindOpts[k] = string(v)
			case lua.LNumber:
				kindOpts[k] = float64(v)
			case lua.LBool:
				kindOpts[k] = bool(v)
			case *lua.LTable:
				list, err := stringList(v)
				if err != nil {
					o.Fail(k, err)
				}
				kindOpts[k] = list
			case *lua.LNilType:
			default:
				o.Fail(k, fmt.Errorf("want a string, number, boolean or list of strings, got %s", v.Type()))
			}
		}
		var err error
		h.refuseInCallback(L, "mesh.link")
		if dev, err = real.Open(name, kindOpts); err != nil {
			L.RaiseError("mesh.link %s: %v", name, err)
		}
		if err := h.Net.SetRealtime(true); err != nil {
			dev.Close()
			L.RaiseError("mesh.link %s: %v", name, err)
		}
	}
	l, err := h.Net.AddLink(name, im)
	if err != nil {
		if dev != nil {
			dev.Close()
		}
		L.RaiseError("mesh.link: %v", err)
	}
	if dev != nil {
		if err := h.Net.AttachDevice(l, dev); err != nil {
			dev.Close()
			h.Net.RemoveLink(l)
			L.RaiseError("mesh.link %s: %v", name, err)
		}
		h.kinds[l] = kind
	}
	L.Push(h.linkObject(L, l))
	return 1
}

func (h *Host) meshNode(L *lua.LState) int {
	name := L.CheckString(1)
	o := luakit.CheckOptions(L, "mesh.node", L.OptTable(2, nil), nodeOptions...)
	cfg := nodevm.Config{Args: o.Get("args"), Budget: h.budget, Memory: h.memory, Require: h.module}
	if v := o.Get("program"); v != lua.LNil {
		s, ok := v.(lua.LString)
		if !ok {
			o.Fail("program", fmt.Errorf("want a stdlib name, a path or Lua source, got %s", v.Type()))
		}
		cfg.Spec = string(s)
	}
	var err error
	if cfg.Chunk, err = h.program(cfg.Spec, name); err != nil {
		L.RaiseError("mesh.node %s: %v", name, err)
	}
	if cfg.Args != lua.LNil {
		if err := nodevm.CheckArgs(L, cfg.Args); err != nil {
			o.Fail("args", err)
		}
	}
	if v := o.Get("budget"); v != lua.LNil {
		d, err := luakit.ParseDuration(v)
		if err != nil || d <= 0 {
			o.Fail("budget", fmt.Errorf("want a duration above zero, got %v", v))
		}
		cfg.Budget = d
	}
	if v := o.Get("memory"); v != lua.LNil {
		m, err := luakit.ParseSizeValue(v)
		if err == nil && m < nodevm.MinMemory {
			err = fmt.Errorf("want at least %s, got %s", luakit.FormatBytes(nodevm.MinMemory), luakit.FormatBytes(m))
		}
		if err != nil {
			o.Fail("memory", err)
		}
		cfg.Memory = m
	}
	var links []*runtime.Link
	if v := o.Get("links"); v != lua.LNil {
		t, ok := v.(*lua.LTable)
		if !ok {
			o.Fail("links", fmt.Errorf("want a list of links, got %s", v.Type()))
		}
		for i := 1; i <= t.Len(); i++ {
			links = append(links, h.toLink(L, t.RawGetInt(i), fmt.Sprintf("mesh.node %s: links[%d]", name, i)))
		}
	}
	prog := nodevm.New(h.vms, cfg)
	n, err := h.Net.AddNode(name, prog)
	if err != nil {
		L.RaiseError("mesh.node: %v", err)
	}
	for _, l := range links {
		if _, err := h.Net.Connect(n, l); err != nil {
			L.RaiseError("mesh.node %s: %v", name, err)
		}
	}
	if err := prog.Load(n); err != nil {
		n.Fail(err)
	}
	L.Push(h.nodeObject(L, n))
	return 1
}

func (h *Host) meshConnect(L *lua.LState) int {
	n := checkNode(L, 1)
	l := h.linkArg(L, 2)
	p, err := h.Net.Connect(n, l)
	if err != nil {
		L.RaiseError("mesh.connect: %v", err)
	}
	L.Push(lua.LNumber(p.Index()))
	return 1
}

func (h *Host) meshDisconnect(L *lua.LState) int {
	n := checkNode(L, 1)
	l := h.linkArg(L, 2)
	if !h.Net.Disconnect(n, l) {
		L.RaiseError("mesh.disconnect: node %s is not connected to link %s", n.Name(), l.Name())
	}
	return 0
}

func (h *Host) meshRemove(L *lua.LState) int {
	switch v := L.CheckUserData(1).Value.(type) {
	case *runtime.Node:
		h.Net.RemoveNode(v)
	case *runtime.Link:
		h.Net.RemoveLink(v)
	default:
		L.ArgError(1, "node or link expected")
	}
	return 0
}

func (h *Host) meshNodes(L *lua.LState) int {
	t := L.NewTable()
	for _, n := range h.Net.Nodes() {
		t.Append(h.nodeObject(L, n))
	}
	L.Push(t)
	return 1
}

func (h *Host) meshLinks(L *lua.LState) int {
	t := L.NewTable()
	for _, l := range h.Net.Links() {
		t.Append(h.linkObject(L, l))
	}
	L.Push(t)
	return 1
}

func (h *Host) meshGet(L *lua.LState) int {
	name := L.CheckString(1)
	switch {
	case h.Net.Node(name) != nil:
		L.Push(h.nodeObject(L, h.Net.Node(name)))
	case h.Net.Link(name) != nil:
		L.Push(h.linkObject(L, h.Net.Link(name)))
	default:
		L.Push(lua.LNil)
	}
	return 1
}

func (h *Host) meshStats(L *lua.LState) int {
	s := h.Net.Stats()
	t := L.NewTable()
	t.RawSetString("sent", lua.LNumber(s.Sent))
	t.RawSetString("delivered", lua.LNumber(s.Delivered))
	t.RawSetString("received", lua.LNumber(s.Received))
	t.RawSetString("in_flight", lua.LNumber(s.InFlight))
	t.RawSetString("dropped", lua.LNumber(s.Dropped()))
	t.RawSetString("drops", dropsTable(L, &s.Drops))
	L.Push(t)
	return 1
}

func dropsTable(L *lua.LState, d *runtime.Drops) *lua.LTable {
	t := L.NewTable()
	for r, v := range d {
		if v != 0 {
			t.RawSetString(runtime.Reason(r).String(), lua.LNumber(v))
		}
	}
	return t
}

// meshRealtime is mesh.realtime([on]): with an argument, move the network
// to the wall clock (true) or back to virtual time (false); it returns
// whether the network runs in real time.
func (h *Host) meshRealtime(L *lua.LState) int {
	if L.GetTop() >= 1 {
		h.refuseInCallback(L, "mesh.realtime")
		if err := h.Net.SetRealtime(L.CheckBool(1)); err != nil {
			L.RaiseError("mesh.realtime: %v", err)
		}
	}
	L.Push(lua.LBool(h.Net.Realtime()))
	return 1
}

// meshReadline is mesh.readline(): the next line of standard input without
// its newline, or nil at its end. A real-time network runs on while the
// script waits for the line.
func (h *Host) meshReadline(L *lua.LState) int {
	h.refuseInCallback(L, "mesh.readline")
	h.flush()
	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := h.input().ReadString('\n')
		got <- result{line, err}
	}()
	var done <-chan struct{}
	if ctx := L.Context(); ctx != nil {
		done = ctx.Done()
	}
	var r result
	interrupted := false
	h.LetRun(func() {
		select {
		case r = <-got:
		case <-done:
			interrupted = true
		}
	})
	if interrupted {
		L.RaiseError("mesh.readline: interrupted")
	}
	if r.line == "" && r.err != nil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LString(strings.TrimRight(r.line, "\r\n")))
	return 1
}

// stringList reads a link option that is a list of strings (udp's peers).
func stringList(t *lua.LTable) ([]string, error) {
	list := []string{} // {} is a list too
	var err error
	t.ForEach(func(k, v lua.LValue) {
		s, ok := v.(lua.LString)
		switch {
		case err != nil:
		case k != lua.LNumber(len(list)+1):
			err = fmt.Errorf("want a list of strings, {\"host:port\", ...}: %s is not its next item", k)
		case !ok:
			err = fmt.Errorf("want a list of strings; item %d is a %s", len(list)+1, v.Type())
		default:
			list = append(list, string(s))
		}
	})
	return list, err
}
