package nodevm

import (
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// programKey is where a node VM's registry holds its program.
const programKey = "meshlua.program"

// setProgram makes p the program programOf finds in L.
func setProgram(L *lua.LState, p *Program) {
	ud := L.NewUserData()
	ud.Value = p
	L.G.Registry.RawSetString(programKey, ud)
}

// programOf returns the program whose VM L is (or is a coroutine of): the
// node API's functions are shared by every node VM and find their node so.
func programOf(L *lua.LState) *Program {
	return L.G.Registry.RawGetString(programKey).(*lua.LUserData).Value.(*Program)
}

// nodeFuncs are the functions of the node table, shared by every node VM.
var nodeFuncs = []luakit.NamedFunc{
	{Name: "now", Fn: func(L *lua.LState) int { L.Push(luakit.Seconds(programOf(L).node.Now())); return 1 }},
	{Name: "ports", Fn: func(L *lua.LState) int { return programOf(L).luaPorts(L) }},
	{Name: "send", Fn: func(L *lua.LState) int { return programOf(L).luaSend(L) }},
	{Name: "broadcast", Fn: func(L *lua.LState) int { return programOf(L).luaBroadcast(L) }},
	{Name: "recv", Fn: func(L *lua.LState) int { return programOf(L).luaRecv(L) }},
	{Name: "sleep", Fn: func(L *lua.LState) int { return programOf(L).luaSleep(L) }},
	{Name: "after", Fn: func(L *lua.LState) int { return programOf(L).luaTimer(L, false) }},
	{Name: "every", Fn: func(L *lua.LState) int { return programOf(L).luaTimer(L, true) }},
	{Name: "log", Fn: func(L *lua.LState) int { return programOf(L).luaLog(L) }},
	{Name: "filter", Fn: func(L *lua.LState) int { return programOf(L).luaFilter(L) }},
}

// nodeAPI builds the `node` table a program sees: a read-only proxy for
// its name, its args and the shared functions.
func (p *Program) nodeAPI(s *shared) (*lua.LTable, error) {
	L := p.L
	api := L.CreateTable(0, 2) // its own fields; the functions come through nodeFuncsMT
	api.Metatable = s.nodeFuncsMT
	api.RawSetString("name", lua.LString(p.node.Name()))
	var args lua.LValue = L.CreateTable(0, 0)
	if p.cfg.Args != nil && p.cfg.Args != lua.LNil {
		var err error
		if args, err = copyValue(L, p.cfg.Args); err != nil {
			return nil, fmt.Errorf("node.args: %w", err)
		}
	}
	api.RawSetString("args", args)
	return proxy(L, readOnlyMeta(L, api, s.nodeWrite)), nil
}

func (p *Program) luaPorts(L *lua.LState) int {
	ports := p.node.Ports()
	t := L.CreateTable(len(ports), 0)
	for _, port := range ports {
		t.Append(luakit.PortTable(L, port))
	}
	L.Push(t)
	return 1
}

// luaBroadcast is node.broadcast(payload [, type]): one copy on every port.
func (p *Program) luaBroadcast(L *lua.LState) int {
	payload := L.CheckString(1)
	etherType := L.OptInt(2, runtime.EtherType)
	if etherType < 0 || etherType > 0xffff {
		L.ArgError(2, "want an ethertype from 0 to 0xffff")
	}
	var first error
	for _, port := range p.node.Ports() {
		h := header{dst: runtime.Broadcast, src: port.MAC(), etherType: uint16(etherType), payload: payload}
		if err := p.send(port.Index(), &h); err != nil && first == nil {
			first = err
		}
	}
	return p.pushSendResult(L, first)
}

// inMain raises an error unless L is main's coroutine, the only place a
// node may block.
func (p *Program) inMain(L *lua.LState, what string) {
	if p.co == nil || L != p.co {
		L.RaiseError("%s may only be called inside main() (use on_frame and node.after elsewhere)", what)
	}
	// Lua 5.1 cannot yield across a call from Go: pcall, a metamethod,
	// an iterator. gopher-lua would return at once and break main later.
	for level := 1; ; level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			return
		}
		if _, err := L.GetInfo("Sn", dbg, lua.LNil); err == nil && dbg.What == "G" {
			L.RaiseError("%s cannot wait when called through %s (Lua cannot yield across it): call it directly from main", what, orName(dbg.Name, "a Go function such as pcall"))
		}
	}
}

// orName is name, or what if it is empty.
func orName(name, what string) string {
	if name == "" {
		return what
	}
	return name
}

// luaRecv is node.recv([timeout]): the next frame, or nil after timeout.
func (p *Program) luaRecv(L *lua.LState) int {
	p.inMain(L, "node.recv")
	if len(p.inbox) > 0 {
		f := p.inbox[0]
		p.inbox[0] = nil
		p.inbox = p.inbox[1:]
		L.Push(f)
		return 1
	}
	if L.GetTop() >= 1 && L.Get(1) != lua.LNil {
		d := checkTime(L, 1, "node.recv", true)
		p.wake = p.node.After(d, func() error {
			p.wake = nil
			p.waiting = notWaiting
			if err := p.rate.count(p.node.Now()); err != nil {
				return err
			}
			return p.resume(lua.LNil)
		})
	}
	p.waiting = inRecv
	return L.Yield()
}

// checkTime reads argument n as a duration for what, at or above the
// floor (or zero, if allowZero).
func checkTime(L *lua.LState, n int, what string, allowZero bool) time.Duration {
	d, err := luakit.ParseDuration(L.CheckAny(n))
	if err == nil {
		err = checkDelay(what, d, allowZero)
	}
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return d
}

// luaSleep is node.sleep(d): main resumes d later.
func (p *Program) luaSleep(L *lua.LState) int {
	p.inMain(L, "node.sleep")
	d := checkTime(L, 1, "node.sleep", true)
	p.wake = p.node.After(d, func() error {
		p.wake = nil
		p.waiting = notWaiting
		if err := p.rate.count(p.node.Now()); err != nil {
			return err
		}
		return p.resume()
	})
	p.waiting = inSleep
	return L.Yield()
}

// timerMetatable makes the metatable every timer shares.
func timerMetatable(L *lua.LState) *lua.LTable {
	methods := L.CreateTable(0, 1)
	methods.RawSetString("cancel", L.NewFunction(func(L *lua.LState) int {
		ud := L.CheckUserData(1)
		if t, ok := ud.Value.(*runtime.Timer); ok {
			t.Cancel()
			delete(programOf(L).held, t)
			return 0
		}
		L.ArgError(1, "timer expected")
		return 0
	}))
	mt := L.CreateTable(0, 2)
	mt.RawSetString("__index", methods)
	mt.RawSetString("__metatable", lua.LString("locked"))
	return mt
}

// luaTimer is node.after(d, fn) and node.every(d, fn).
// The function is held by the program (held), not by the runtime's timer,
// so that it goes with the VM when the node stops.
func (p *Program) luaTimer(L *lua.LState, repeat bool) int {
	var t *runtime.Timer
	call := func() error {
		fn := p.held[t]
		if fn == nil {
			return nil // the VM has gone, or the timer was cancelled
		}
		if !repeat {
			delete(p.held, t)
		}
		if err := p.rate.count(p.node.Now()); err != nil {
			return err
		}
		return p.call(fn, 0)
	}
	if repeat {
		d := checkTime(L, 1, "node.every", false)
		fn := L.CheckFunction(2)
		t = p.node.Every(d, call)
		p.held[t] = fn
	} else {
		d := checkTime(L, 1, "node.after", true)
		fn := L.CheckFunction(2)
		t = p.node.After(d, call)
		p.held[t] = fn
	}
	ud := L.NewUserData()
	ud.Value = t
	ud.Metatable = p.parts.timerMT
	L.Push(ud)
	return 1
}

// luaFilter is node.filter("in"|"out", fn).
func (p *Program) luaFilter(L *lua.LState) int {
	dir := luakit.CheckDirection(L, 1)
	p.addFilter(dir, L.CheckFunction(2))
	return 0
}

// addFilter adds fn to the node's chain for dir; the program holds fn.
func (p *Program) addFilter(dir runtime.Direction, fn *lua.LFunction) {
	f := &luaFilter{p: p}
	p.held[f] = fn
	p.node.AddFilter(dir, f)
}
