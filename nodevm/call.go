package nodevm

import (
	"errors"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// CopyError is a value that cannot cross between the host and a node VM:
// only nil, booleans, numbers, strings and tables of them copy.
type CopyError struct {
	What string // "argument 2", "result 1", "options"
	Err  error
}

// Error formats the error as users see it.
func (e *CopyError) Error() string { return e.What + ": " + e.Err.Error() }

// Unwrap is the reason the value cannot be copied.
func (e *CopyError) Unwrap() error { return e.Err }

// errStopped is the error of a call into the VM of a node that has
// stopped.
var errStopped = errors.New("the node has stopped")

// Call calls the global function fname of p's VM under its budget with
// copies of args, values of the host's Lua state into, and returns copies
// of its results made in into. A value that cannot be copied gives a
// *CopyError; an error raised in the call, or the call's stop, also stops
// the node (as in its handlers).
func (p *Program) Call(into *lua.LState, fname string, args []lua.LValue) ([]lua.LValue, error) {
	if p.released {
		return nil, errStopped
	}
	fn, ok := p.L.GetGlobal(fname).(*lua.LFunction)
	if !ok {
		return nil, fmt.Errorf("the node has no function %s", fname)
	}
	in := make([]lua.LValue, len(args))
	for i, a := range args {
		var err error
		if in[i], err = copyValue(p.L, a); err != nil {
			return nil, &CopyError{What: fmt.Sprintf("argument %d", i+1), Err: err}
		}
	}
	results, err := p.callInto(into, fn, in)
	var ce *CopyError
	if err != nil && !errors.As(err, &ce) {
		p.node.Fail(err)
	}
	return results, err
}

// Eval evaluates src in p's VM, an expression (its values) or else
// statements, under the node's budget, and returns copies of its values
// made in into: node:eval, for looking into a running node. Unlike Call,
// an error of the source's is only returned and the node goes on; but a
// VM stopped by its budget (or the run's interrupt) is stopped for good,
// and so is its node, as after any call.
func (p *Program) Eval(into *lua.LState, src string) ([]lua.LValue, error) {
	if p.released {
		return nil, errStopped
	}
	chunk, err := Compile("eval", "return "+src)
	if err != nil {
		if chunk, err = Compile("eval", src); err != nil {
			return nil, err
		}
	}
	results, err := p.callInto(into, chunk.function(p.L), nil)
	if err != nil && p.ctx.stopped() != "" {
		p.node.Fail(err)
	}
	return results, err
}

// callInto calls fn in p's VM with args and returns copies of its results
// made in into.
func (p *Program) callInto(into *lua.LState, fn *lua.LFunction, args []lua.LValue) ([]lua.LValue, error) {
	top := p.L.GetTop()
	if err := p.call(fn, lua.MultRet, args...); err != nil {
		return nil, err
	}
	results := make([]lua.LValue, p.L.GetTop()-top)
	var err error
	for i := range results {
		if results[i], err = copyValue(into, p.L.Get(top+1+i)); err != nil {
			err = &CopyError{What: fmt.Sprintf("result %d", i+1), Err: err}
			break
		}
	}
	p.L.SetTop(top)
	if err != nil {
		return nil, err
	}
	return results, nil
}

// AddFilter runs chunk in p's VM with a copy of opts, a value of the host's
// Lua state, as `...` (none if opts is nil) and adds the function it
// returns to the node's filter chain for dir. A value that cannot be copied
// gives a *CopyError.
func (p *Program) AddFilter(dir runtime.Direction, chunk *Chunk, opts lua.LValue) error {
	if p.released {
		return errStopped
	}
	var args []lua.LValue
	if opts != lua.LNil {
		c, err := copyValue(p.L, opts)
		if err != nil {
			return &CopyError{What: "options", Err: err}
		}
		args = append(args, c)
	}
	top := p.L.GetTop()
	if err := p.call(chunk.function(p.L), 1, args...); err != nil {
		return err
	}
	fn, ok := p.L.Get(-1).(*lua.LFunction)
	p.L.SetTop(top)
	if !ok {
		return errors.New("the chunk must return the filter function")
	}
	p.addFilter(dir, fn)
	return nil
}
