package nodevm

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luacodec"
)

// charge accounts steps of work that a Go library function (a pattern
// match, a string being built) does inside a call into L's node VM, and
// raises an error in L if the call has been stopped (its budget is spent,
// or the run was interrupted). Library functions that may run long call it
// every few thousand steps, so a stopped call stops within milliseconds.
func charge(L *lua.LState, steps int) {
	p := programOf(L)
	p.ctx.charge(steps)
	if reason := p.ctx.stopped(); reason != "" {
		L.RaiseError("%s", reason)
	}
}

// stringLimit is the longest string L's node may build in one library call
// or concatenation: longer results are refused before they are allocated.
func stringLimit(L *lua.LState) int {
	return programOf(L).stringLimit()
}

// maxString caps the strings a node can build, whatever its memory budget.
const maxString = 16 << 20

// stringLimit is the longest string p's node may build: maxString, or a
// quarter of its memory budget if that is less.
func (p *Program) stringLimit() int { return int(min(maxString, p.mem.budget/4)) }

// codecLimits bounds codec.encode and codec.decode in L's node: an
// encoding no longer than the node's string limit, the values handled
// charged to the call's budget and what they made to its memory.
func codecLimits(L *lua.LState) luacodec.Limits {
	return luacodec.Limits{
		MaxSize:   stringLimit(L),
		Charge:    func(steps int) { charge(L, steps) },
		Allocated: func(n int) { allocated(L, n) },
	}
}
