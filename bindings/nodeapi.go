package bindings

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// nodeAPI builds the `node` table a program sees.
func (p *luaProgram) nodeAPI() (*lua.LTable, error) {
	L := p.L
	api := L.NewTable()
	api.RawSetString("name", lua.LString(p.node.Name()))
	args := lua.LValue(L.NewTable())
	if p.args != nil && p.args != lua.LNil {
		var err error
		if args, err = copyValue(L, p.args); err != nil {
			return nil, fmt.Errorf("node.args: %w", err)
		}
	}
	api.RawSetString("args", args)
	setFuncs(L, api, []namedFunc{
		{"now", func(L *lua.LState) int { L.Push(seconds(p.node.Now())); return 1 }},
		{"ports", p.luaPorts},
		{"send", p.luaSend},
		{"broadcast", p.luaBroadcast},
		{"recv", p.luaRecv},
		{"sleep", p.luaSleep},
		{"after", func(L *lua.LState) int { return p.luaTimer(L, false) }},
		{"every", func(L *lua.LState) int { return p.luaTimer(L, true) }},
		{"log", p.luaLog},
		{"filter", p.luaFilter},
	})
	return readOnly(L, "node", api), nil
}

func (p *luaProgram) luaPorts(L *lua.LState) int {
	t := L.NewTable()
	for _, port := range p.node.Ports() {
		t.Append(portTable(L, port))
	}
	L.Push(t)
	return 1
}

func portTable(L *lua.LState, port *runtime.Port) *lua.LTable {
	pt := L.NewTable()
	pt.RawSetString("index", lua.LNumber(port.Index()))
	pt.RawSetString("mac", lua.LString(port.MAC().String()))
	pt.RawSetString("link", lua.LString(port.Link().Name()))
	return pt
}

var sendFields = []string{"payload", "dst", "src", "type", "port"}

// luaSend is node.send{payload=, dst=, src=, type=, port=}: true, or nil and
// the reason the frame could not leave.
func (p *luaProgram) luaSend(L *lua.LState) int {
	o := checkOptions(L, "node.send", L.CheckTable(1), sendFields...)
	port := 1
	if v := o.get("port"); v != lua.LNil {
		n, ok := v.(lua.LNumber)
		if !ok {
			o.fail("port", fmt.Errorf("want a port number, got %s", v.Type()))
		}
		port = int(n)
	}
	dst := runtime.Broadcast
	if v := o.get("dst"); v != lua.LNil {
		dst = o.mac("dst", v)
	}
	var src runtime.MAC
	if v := o.get("src"); v != lua.LNil {
		src = o.mac("src", v)
	} else if pt := p.node.Port(port); pt != nil {
		src = pt.MAC()
	}
	etherType := uint16(runtime.EtherType)
	if v := o.get("type"); v != lua.LNil {
		n, ok := v.(lua.LNumber)
		if !ok || n < 0 || n > 0xffff {
			o.fail("type", fmt.Errorf("want an ethertype from 0 to 0xffff, got %v", v))
		}
		etherType = uint16(n)
	}
	payload := ""
	if v := o.get("payload"); v != lua.LNil {
		s, ok := v.(lua.LString)
		if !ok {
			o.fail("payload", fmt.Errorf("want a string, got %s", v.Type()))
		}
		payload = string(s)
	}
	return p.pushSendResult(L, p.send(port, dst, src, etherType, payload))
}

func (p *luaProgram) send(port int, dst, src runtime.MAC, etherType uint16, payload string) error {
	f := runtime.GetFrame(runtime.HeaderLen + len(payload))
	if f == nil {
		return fmt.Errorf("payload of %d bytes is larger than any frame", len(payload))
	}
	b := f.Bytes()
	copy(b[0:6], dst[:])
	copy(b[6:12], src[:])
	b[12], b[13] = byte(etherType>>8), byte(etherType)
	copy(b[runtime.HeaderLen:], payload)
	return p.node.Send(port, f)
}

func (p *luaProgram) pushSendResult(L *lua.LState, err error) int {
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LTrue)
	return 1
}

// luaBroadcast is node.broadcast(payload [, type]): one copy on every port.
func (p *luaProgram) luaBroadcast(L *lua.LState) int {
	payload := L.CheckString(1)
	etherType := L.OptInt(2, runtime.EtherType)
	if etherType < 0 || etherType > 0xffff {
		L.ArgError(2, "want an ethertype from 0 to 0xffff")
	}
	var first error
	for _, port := range p.node.Ports() {
		if err := p.send(port.Index(), runtime.Broadcast, port.MAC(), uint16(etherType), payload); err != nil && first == nil {
			first = err
		}
	}
	return p.pushSendResult(L, first)
}

// inMain raises an error unless L is main's coroutine, the only place a
// node may block.
func (p *luaProgram) inMain(L *lua.LState, what string) {
	if p.co == nil || L != p.co {
		L.RaiseError("%s may only be called inside main() (use on_frame and node.after elsewhere)", what)
	}
}

// luaRecv is node.recv([timeout]): the next frame, or nil after timeout.
func (p *luaProgram) luaRecv(L *lua.LState) int {
	p.inMain(L, "node.recv")
	if len(p.inbox) > 0 {
		f := p.inbox[0]
		p.inbox[0] = nil
		p.inbox = p.inbox[1:]
		L.Push(f)
		return 1
	}
	if L.GetTop() >= 1 && L.Get(1) != lua.LNil {
		d, err := parseDuration(L.Get(1))
		if err != nil {
			L.ArgError(1, err.Error())
		}
		p.wake = p.node.After(d, func() error {
			p.wake = nil
			p.waiting = notWaiting
			return p.resume(lua.LNil)
		})
	}
	p.waiting = inRecv
	return L.Yield()
}

// luaSleep is node.sleep(d): main resumes d later.
func (p *luaProgram) luaSleep(L *lua.LState) int {
	p.inMain(L, "node.sleep")
	d, err := parseDuration(L.CheckAny(1))
	if err != nil {
		L.ArgError(1, err.Error())
	}
	p.wake = p.node.After(d, func() error {
		p.wake = nil
		p.waiting = notWaiting
		return p.resume()
	})
	p.waiting = inSleep
	return L.Yield()
}

const timerTypeName = "timer"

func registerTimer(L *lua.LState) {
	mt := L.NewTypeMetatable(timerTypeName)
	methods := L.NewTable()
	methods.RawSetString("cancel", L.NewFunction(func(L *lua.LState) int {
		ud := L.CheckUserData(1)
		if t, ok := ud.Value.(*runtime.Timer); ok {
			t.Cancel()
			return 0
		}
		L.ArgError(1, "timer expected")
		return 0
	}))
	mt.RawSetString("__index", methods)
	mt.RawSetString("__metatable", lua.LString("locked"))
}

// luaTimer is node.after(d, fn) and node.every(d, fn).
func (p *luaProgram) luaTimer(L *lua.LState, repeat bool) int {
	d, err := parseDuration(L.CheckAny(1))
	if err != nil {
		L.ArgError(1, err.Error())
	}
	fn := L.CheckFunction(2)
	call := func() error { return p.call(fn, 0) }
	var t *runtime.Timer
	if repeat {
		if d <= 0 {
			L.ArgError(1, "node.every needs a period above zero")
		}
		t = p.node.Every(d, call)
	} else {
		t = p.node.After(d, call)
	}
	ud := L.NewUserData()
	ud.Value = t
	ud.Metatable = L.GetTypeMetatable(timerTypeName)
	L.Push(ud)
	return 1
}

// luaFilter is node.filter("in"|"out", fn).
func (p *luaProgram) luaFilter(L *lua.LState) int {
	dir := checkDirection(L, 1)
	fn := L.CheckFunction(2)
	p.node.AddFilter(dir, &luaFilter{p: p, fn: fn})
	return 0
}

func checkDirection(L *lua.LState, n int) runtime.Direction {
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

// mac reads a MAC address option.
func (o *options) mac(key string, v lua.LValue) runtime.MAC {
	s, ok := v.(lua.LString)
	if !ok {
		o.fail(key, fmt.Errorf("want a MAC address string, got %s", v.Type()))
	}
	m, err := runtime.ParseMAC(string(s))
	if err != nil {
		o.fail(key, err)
	}
	return m
}
