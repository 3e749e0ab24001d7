package nodevm

import (
	lua "github.com/yuin/gopher-lua"
)

// maxCoroutineDepth is how deep coroutines may resume one another: each
// level runs the VM again on the Go stack, so without a bound a program
// that resumes coroutines within coroutines without end would exhaust the
// Go stack, which ends the whole process. Lua 5.1 has the same bound for
// nested C calls (LUAI_MAXCCALLS).
const maxCoroutineDepth = 200

// newThread makes a coroutine of L's VM with the VM's own context. gopher-
// lua would give it a child context, which a VM's context (vmContext) does
// not need: a coroutine runs on its caller's goroutine and shares its
// budget, so sharing the context is exact and costs nothing per coroutine.
func newThread(L *lua.LState) *lua.LState {
	ctx := L.RemoveContext()
	th, _ := L.NewThread()
	if ctx != nil {
		L.SetContext(ctx)
		th.SetContext(ctx)
	}
	return th
}

// boundedCoroutines changes the coroutine library co for node VMs: its
// coroutines share their VM's context (newThread) and may nest no deeper
// than maxCoroutineDepth.
func boundedCoroutines(T *lua.LState, co *lua.LTable) *lua.LTable {
	create := co.RawGetString("create").(*lua.LFunction).GFunction
	resume := co.RawGetString("resume").(*lua.LFunction).GFunction
	wrap := co.RawGetString("wrap").(*lua.LFunction).GFunction
	co.RawSetString("create", T.NewFunction(func(L *lua.LState) int {
		return withOwnContext(L, create)
	}))
	co.RawSetString("resume", T.NewFunction(func(L *lua.LState) int {
		return nested(L, resume)
	}))
	co.RawSetString("wrap", T.NewFunction(func(L *lua.LState) int {
		withOwnContext(L, wrap)
		// wrap's function resumes the coroutine in its first upvalue; the
		// wrapper has the same upvalue, so it can call it as its own.
		inner := L.CheckFunction(-1)
		L.Pop(1)
		fn := L.NewClosure(func(L *lua.LState) int { return nested(L, inner.GFunction) }, inner.Upvalues[0].Value())
		L.Push(fn)
		return 1
	}))
	return co
}

// withOwnContext runs create (coroutine.create or wrap) so that the
// coroutine it makes has L's context, not a child of it.
func withOwnContext(L *lua.LState, create lua.LGFunction) int {
	ctx := L.RemoveContext()
	defer func() {
		if ctx != nil {
			L.SetContext(ctx)
		}
	}()
	n := create(L)
	if ctx != nil {
		switch v := L.Get(-1).(type) {
		case *lua.LState:
			v.SetContext(ctx)
		case *lua.LFunction: // wrap: the coroutine is its upvalue
			if th, ok := v.Upvalues[0].Value().(*lua.LState); ok {
				th.SetContext(ctx)
			}
		}
	}
	return n
}

// nested runs resume one level deeper, refusing past maxCoroutineDepth.
func nested(L *lua.LState, resume lua.LGFunction) int {
	p := programOf(L)
	if p.coDepth >= maxCoroutineDepth {
		L.RaiseError("coroutines nested more than %d deep", maxCoroutineDepth)
	}
	p.coDepth++
	defer func() { p.coDepth-- }()
	return resume(L)
}
