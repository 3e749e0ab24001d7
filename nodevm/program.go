package nodevm

import (
	"errors"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// inboxLimit is how many frames wait for node.recv before new ones drop.
const inboxLimit = 1024

// Program runs a node program in its own sandboxed VM. It implements
// runtime.Program; every call into the VM runs under the CPU budget and a
// recover, and an error stops only this node.
type Program struct {
	watch   *Watchdog
	cfg     Config
	node    *runtime.Node
	L       *lua.LState
	parts   *shared
	ctx     *vmContext // the VM's context: its clock and its stop
	depth   int        // calls into the VM in progress: an out filter runs inside node.send
	slot    int        // the watchdog's slot of the call in progress
	coDepth int        // coroutines resumed within one another now
	mem     memoryUse
	rate    eventRate
	// held are the functions of the VM that only Go holds: timers' and
	// filters'. The node's memory counts them, and they go with its VM.
	held     map[any]*lua.LFunction
	released bool // the VM is gone: the node has stopped

	co      *lua.LState // main() as a coroutine, nil when absent or finished
	coFn    *lua.LFunction
	waiting waitState
	wake    *runtime.Timer // timeout of node.recv or end of node.sleep
	inbox   []lua.LValue
}

type waitState uint8

const (
	notWaiting waitState = iota
	inRecv
	inSleep
)

var _ runtime.Program = (*Program)(nil)

// Load builds the VM of the node n runs p as and runs the program's chunk,
// which defines its handlers. The host calls it once, when the node has
// been made and joined its first links, so that a script can add filters
// and call functions before the network runs; an error means the node
// fails at once.
func (p *Program) Load(n *runtime.Node) error {
	p.node = n
	p.parts = vmParts()
	p.L = newSandbox()
	setProgram(p.L, p)
	p.ctx = newVMContext(p.cfg.Budget)
	p.ctx.measure = p.measureInCall
	p.L.SetContext(p.ctx)
	p.held = map[any]*lua.LFunction{}
	p.mem.generation = p.watch.generation.Load() // measured when the heap grows from now
	p.watch.add(p)
	api, err := p.nodeAPI(p.parts)
	if err != nil {
		return err
	}
	p.L.G.Global.RawSetString("node", api)
	return p.call(p.cfg.Chunk.function(p.L), 0)
}

// Start runs on_start, then main as a coroutine.
func (p *Program) Start(*runtime.Node) error {
	if fn, ok := p.L.GetGlobal("on_start").(*lua.LFunction); ok {
		if err := p.call(fn, 0); err != nil {
			return err
		}
	}
	if fn, ok := p.L.GetGlobal("main").(*lua.LFunction); ok {
		p.co = newThread(p.L)
		p.coFn = fn
		return p.resume()
	}
	return nil
}

// Receive hands the frame to on_frame(frame, port), or to main waiting in
// node.recv, or queues it for a later node.recv.
func (p *Program) Receive(n *runtime.Node, port *runtime.Port, f *runtime.Frame) error {
	if fn, ok := p.handler("on_frame").(*lua.LFunction); ok {
		return p.call(fn, 0, newFrame(f.Bytes(), port.Index(), p.parts.frameMT), luakit.Number(port.Index()))
	}
	if p.co == nil {
		return &runtime.DropError{Reason: runtime.DropNoHandler, Detail: "no on_frame and no main"}
	}
	fr := newFrame(f.Bytes(), port.Index(), p.parts.frameMT)
	if p.waiting == inRecv {
		p.stopWaiting()
		return p.resume(fr)
	}
	if len(p.inbox) >= inboxLimit {
		return &runtime.DropError{Reason: runtime.DropInboxFull, Detail: "inbox full"}
	}
	p.inbox = append(p.inbox, fr)
	return nil
}

// LinkChanged runs on_link(port, up), if the program has one, when the
// link of one of its ports goes down or up, or the port is connected or
// disconnected while it runs (runtime.LinkWatcher).
func (p *Program) LinkChanged(_ *runtime.Node, port int, up bool) error {
	if p.released {
		return nil
	}
	if fn, ok := p.handler("on_link").(*lua.LFunction); ok {
		return p.call(fn, 0, luakit.Number(port), lua.LBool(up))
	}
	return nil
}

// handler returns the global called name: straight from the globals table,
// which is the common case and costs one lookup, or through its metatable.
func (p *Program) handler(name string) lua.LValue {
	if v := p.L.G.Global.RawGetString(name); v != lua.LNil {
		return v
	}
	return p.L.GetGlobal(name)
}

// Stop runs on_stop, then releases the VM.
func (p *Program) Stop(*runtime.Node) error {
	defer p.Release()
	if p.released {
		return nil
	}
	if fn, ok := p.L.GetGlobal("on_stop").(*lua.LFunction); ok {
		return p.call(fn, 0)
	}
	return nil
}

// Release lets the VM go, with all it holds, once no call into it is in
// progress (a node that fails inside a call is released as the call ends):
// a stopped node keeps its counters, not its memory.
func (p *Program) Release() {
	if p.released || p.L == nil {
		return
	}
	p.released = true
	if p.depth > 0 {
		return // call releases it as the outermost call ends
	}
	p.free()
}

// free drops the VM.
func (p *Program) free() {
	if p.wake != nil {
		p.wake.Cancel()
		p.wake = nil
	}
	p.watch.remove(p)
	p.ctx.stop("the node has stopped")
	// Not L.Close: it gives the VM's call frames to a pool, which would
	// keep what they point to alive for another collection.
	p.L, p.co, p.coFn, p.inbox, p.held = nil, nil, nil, nil, nil
	p.mem.size.Store(0)
}

// call calls fn in the VM, leaving nret results on the stack.
func (p *Program) call(fn lua.LValue, nret int, args ...lua.LValue) error {
	return p.inVM(func() error {
		L := p.L
		L.Push(fn)
		for _, a := range args {
			L.Push(a)
		}
		return asLuaError(L.PCall(len(args), nret, nil))
	})
}

// inVM runs body, which calls into the VM, under the node's budget and a
// recover, unless the node has stopped; ended ends it.
func (p *Program) inVM(body func() error) (err error) {
	if p.node.Stopped() || p.released {
		return fmt.Errorf("node %s has stopped", p.node.Name())
	}
	p.watch.begin(p)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in the VM: %v", r)
		}
		err = p.ended(err)
	}()
	return body()
}

// ended ends a call whose outcome is err: the reason the call was stopped
// wins over the error it raised, and a call that went well may still find
// that the node has outgrown its memory budget. The outermost call's end
// also releases the VM if its node stopped during the call.
func (p *Program) ended(err error) error {
	outermost := p.watch.end(p)
	if reason := p.ctx.stopped(); reason != "" {
		err = errors.New(reason)
	}
	if !outermost {
		return err
	}
	if err == nil {
		err = p.checkMemory()
	}
	if p.released {
		p.free()
		if err == nil {
			err = fmt.Errorf("node %s stopped during the call", p.node.Name())
		}
	}
	return err
}

// resume runs main until it blocks in node.recv or node.sleep, or ends.
func (p *Program) resume(args ...lua.LValue) error {
	return p.inVM(func() error {
		st, rerr, _ := p.L.Resume(p.co, p.coFn, args...)
		switch {
		case rerr != nil:
			p.co = nil
			return fmt.Errorf("in main: %w", asLuaError(rerr))
		case st == lua.ResumeOK:
			p.co = nil
		case p.waiting == notWaiting:
			p.co = nil
			return fmt.Errorf("main yielded outside node.recv and node.sleep")
		}
		return nil
	})
}

func (p *Program) stopWaiting() {
	p.waiting = notWaiting
	if p.wake != nil {
		p.wake.Cancel()
		p.wake = nil
	}
}

// luaLog is print and node.log: the arguments as tostring shows them,
// separated by tabs, in the network's log.
func (p *Program) luaLog(L *lua.LState) int {
	p.node.Log(luakit.JoinArgs(L, p.stringLimit()))
	return 0
}
