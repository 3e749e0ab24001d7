package bindings

import (
	"fmt"
	"sort"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/docs"
	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
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

// pingall is pingall([opts]): every node probes every other (count probes
// each, opts.count, default 1) and the network runs until all are answered
// or opts.timeout (default 1s) passes. It prints who reached whom and the
// round-trip times, and returns the fraction of probes lost.
func (h *Host) pingall(L *lua.LState) int {
	h.refuseInCallback(L, "pingall")
	o := luakit.CheckOptions(L, "pingall", L.OptTable(1, nil), "count", "timeout")
	count, timeout := 1, time.Second
	if v := o.Get("count"); v != lua.LNil {
		n, ok := v.(lua.LNumber)
		if !ok || n < 1 {
			o.Fail("count", fmt.Errorf("want a number of probes >= 1, got %v", v))
		}
		count = int(n)
	}
	if v := o.Get("timeout"); v != lua.LNil {
		d, err := luakit.ParseDuration(v)
		if err != nil {
			o.Fail("timeout", err)
		}
		timeout = d
	}
	nodes := h.Net.Nodes()
	var probes []*runtime.Probe
	for _, a := range nodes {
		for _, b := range nodes {
			if a != b {
				for i := 0; i < count; i++ {
					probes = append(probes, h.Net.Ping(a, b))
				}
			}
		}
	}
	step := max(timeout/100, time.Millisecond)
	for waited := time.Duration(0); waited < timeout && !allAnswered(probes); waited += step {
		if err := h.Net.Run(step); err != nil {
			L.RaiseError("pingall: %v", err)
		}
	}
	h.Net.ForgetProbes()
	h.flush()

	answered := 0
	var rtts []time.Duration
	var line strings.Builder
	for i, p := range probes {
		if i%((len(nodes)-1)*count) == 0 {
			if line.Len() > 0 {
				fmt.Fprintln(h.out, line.String())
			}
			line.Reset()
			line.WriteString(p.From.Name() + " ->")
		}
		if i%count == 0 {
			reached := false
			for _, q := range probes[i : i+count] {
				reached = reached || q.Answered
			}
			if reached {
				line.WriteString(" " + p.To.Name())
			} else {
				line.WriteString(" X")
			}
		}
		if p.Answered {
			answered++
			rtts = append(rtts, p.RTT)
		}
	}
	if line.Len() > 0 {
		fmt.Fprintln(h.out, line.String())
	}
	lost := 0.0
	if len(probes) > 0 {
		lost = 1 - float64(answered)/float64(len(probes))
	}
	summary := fmt.Sprintf("%.0f%% lost (%d/%d answered)", lost*100, answered, len(probes))
	if len(rtts) > 0 {
		sort.Slice(rtts, func(i, j int) bool { return rtts[i] < rtts[j] })
		var sum time.Duration
		for _, r := range rtts {
			sum += r
		}
		summary += fmt.Sprintf(", rtt min/avg/max %s/%s/%s", ms(rtts[0]), ms(sum/time.Duration(len(rtts))), ms(rtts[len(rtts)-1]))
	}
	fmt.Fprintln(h.out, summary)
	h.flush()
	L.Push(lua.LNumber(lost))
	return 1
}

func allAnswered(probes []*runtime.Probe) bool {
	for _, p := range probes {
		if !p.Answered {
			return false
		}
	}
	return true
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond)) }

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
