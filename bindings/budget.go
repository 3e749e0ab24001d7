package bindings

import (
	lua "github.com/yuin/gopher-lua"
)

// charge accounts steps of work that a Go library function (a pattern
// match, a string being built) does inside a call into L's node VM, and
// raises an error in L if the call has been stopped (its budget is spent,
// or the run was interrupted). Library functions that may run long call it
// every few thousand steps, so a stopped call stops within milliseconds.
func charge(L *lua.LState, steps int) {
	programOf(L).charge(L, steps)
}

// stringLimit is the longest string L's node may build in one library call
// or concatenation: longer results are refused before they are allocated.
func stringLimit(L *lua.LState) int {
	return programOf(L).stringLimit()
}

// charge is charge for p, whose VM (or a coroutine of it) is L.
func (p *luaProgram) charge(L *lua.LState, steps int) {
	if ctx := L.Context(); ctx != nil {
		select {
		case <-ctx.Done():
			L.RaiseError("%s", p.stoppedWhy())
		default:
		}
	}
}

// stringLimit is the longest string p's node may build.
func (p *luaProgram) stringLimit() int { return maxString }

// stoppedWhy is why p's call was stopped.
func (p *luaProgram) stoppedWhy() string {
	if r := p.stopReason.Load(); r != nil {
		return *r
	}
	return "the call was stopped"
}
