package bindings

import (
	"fmt"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/links"
	"github.com/meshlua/meshlua/runtime"
)

// linkTypeName is the type of link objects.
const linkTypeName = "mesh.link"

// linkType is the link object: link.name and the methods.
var linkType = &objectType[*runtime.Link]{
	name:  linkTypeName,
	check: checkLink,
	fields: map[string]func(*runtime.Link) lua.LValue{
		"name": func(l *runtime.Link) lua.LValue { return lua.LString(l.Name()) },
	},
	methods: map[string]func(*Host, *lua.LState) int{
		"stats":    (*Host).linkStats,
		"nodes":    (*Host).linkNodes,
		"settings": (*Host).linkSettings,
		"set":      (*Host).linkSet,
		"down":     func(h *Host, L *lua.LState) int { h.linkArg(L, 1).SetUp(false); return 0 },
		"up":       func(h *Host, L *lua.LState) int { h.linkArg(L, 1).SetUp(true); return 0 },
	},
	tostring: describeLink,
}

// linkObject returns the one script-side object for l.
func (h *Host) linkObject(L *lua.LState, l *runtime.Link) lua.LValue {
	return h.object(L, l, linkTypeName)
}

// checkLink returns argument n, a link object, which may have been removed
// (a removed link keeps its counters and settings).
func checkLink(L *lua.LState, n int) *runtime.Link {
	if l, ok := L.CheckUserData(n).Value.(*runtime.Link); ok {
		return l
	}
	L.ArgError(n, "link expected")
	return nil
}

// linkArg returns argument n, a link to change: a link object or a link's
// name, of a link that has not been removed.
func (h *Host) linkArg(L *lua.LState, n int) *runtime.Link {
	return h.toLink(L, L.Get(n), fmt.Sprintf("argument #%d", n))
}

// toLink accepts a link object or a link's name, of a link that has not
// been removed.
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

// describeLink is tostring(link).
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

// linkStats is link:stats(): the link's counters, and its device's.
func (h *Host) linkStats(L *lua.LState) int {
	l := checkLink(L, 1)
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
	t.RawSetString("lateness", latenessTable(L, s.Lateness))
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
		for _, side := range []struct {
			name  string
			drops runtime.DeviceDrops
		}{{"rejected", ds.Rejected}, {"tx_dropped", ds.TxDropped}} {
			byReason := L.NewTable()
			for r, v := range side.drops {
				if v != 0 {
					byReason.RawSetString(runtime.DeviceReason(r).String(), lua.LNumber(v))
				}
			}
			d.RawSetString(side.name, byReason)
		}
		if pd, ok := dev.(links.PeerDevice); ok {
			peersTable(L, d, pd.Peers())
		}
		t.RawSetString("device", d)
	}
	L.Push(t)
	return 1
}

// latenessTable is link:stats().lateness: frames measured, and the median,
// 99th percentile and largest lateness in seconds.
func latenessTable(L *lua.LState, late runtime.Lateness) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("frames", lua.LNumber(late.Frames))
	for _, c := range []struct {
		name string
		v    time.Duration
	}{{"median", late.Median}, {"p99", late.P99}, {"max", late.Max}} {
		t.RawSetString(c.name, lua.LNumber(c.v.Seconds()))
	}
	return t
}

// linkSet is link:set(opts): change only the impairments given.
func (h *Host) linkSet(L *lua.LState) int {
	l := h.linkArg(L, 1)
	o := luakit.CheckOptions(L, "link:set", L.CheckTable(2), linkOptions...)
	if o.Get("kind") != lua.LNil {
		o.Fail("kind", fmt.Errorf("a link's kind cannot change"))
	}
	if err := l.SetImpairments(impairments(o, l.Impairments())); err != nil {
		L.RaiseError("link:set: %v", err)
	}
	return 0
}

// linkSettings is link:settings(): the link's current settings, as
// link:set takes them (durations in seconds, rate in bits per second).
func (h *Host) linkSettings(L *lua.LState) int {
	l := checkLink(L, 1)
	im := l.Impairments()
	t := L.NewTable()
	t.RawSetString("kind", lua.LString(h.kind(l)))
	t.RawSetString("delay", luakit.Seconds(im.Delay))
	t.RawSetString("jitter", luakit.Seconds(im.Jitter))
	t.RawSetString("loss", lua.LNumber(im.Loss))
	t.RawSetString("rate", lua.LNumber(im.Rate))
	t.RawSetString("queue", lua.LNumber(im.QueueLimit()))
	t.RawSetString("mtu", lua.LNumber(im.PayloadLimit()))
	t.RawSetString("up", lua.LBool(l.Up()))
	L.Push(t)
	return 1
}

// peersTable puts in d, a link's device table, what its device knows of
// its peers: public, and peers, a list of tables.
func peersTable(L *lua.LState, d *lua.LTable, r links.PeerReport) {
	if r.Public != "" {
		d.RawSetString("public", lua.LString(r.Public))
	}
	list := L.NewTable()
	for _, p := range r.Peers {
		e := L.NewTable()
		if p.Addr != "" {
			e.RawSetString("addr", lua.LString(p.Addr))
		}
		if p.ID != 0 {
			e.RawSetString("id", lua.LString(fmt.Sprintf("%016x", p.ID)))
		}
		if p.Heard {
			e.RawSetString("last_heard", luakit.Seconds(p.LastHeard))
		}
		e.RawSetString("direct", lua.LBool(p.Direct))
		e.RawSetString("relayed", lua.LBool(p.Relayed))
		e.RawSetString("rendezvous", lua.LBool(p.Rendezvous))
		for _, c := range []struct {
			name string
			v    uint64
		}{{"rx", p.RxFrames}, {"rx_bytes", p.RxBytes}, {"tx", p.TxFrames}, {"tx_bytes", p.TxBytes}, {"relays", p.Relays}} {
			e.RawSetString(c.name, lua.LNumber(c.v))
		}
		list.Append(e)
	}
	d.RawSetString("peers", list)
}
