package bindings

import (
	"context"
	"errors"
	"fmt"
	"os"

	lua "github.com/yuin/gopher-lua"
)

// ScriptState returns a VM for the user's own script: the full standard
// library, the global `mesh`, and `arg` holding args. ctx interrupts the
// script when cancelled (Ctrl-C).
func (h *Host) ScriptState(ctx context.Context, args []string) (*lua.LState, error) {
	L := lua.NewState()
	L.SetContext(ctx)
	if err := h.OpenMesh(L); err != nil {
		L.Close()
		return nil, err
	}
	argt := L.NewTable()
	for i, a := range args {
		argt.RawSetInt(i+1, lua.LString(a))
	}
	L.SetGlobal("arg", argt)
	return L, nil
}

// ScriptError is a runtime error in a script, with its traceback.
type ScriptError struct {
	Msg   string
	Trace string
}

// Error formats the error as users see it.
func (e *ScriptError) Error() string { return e.Msg }

// RunChunk compiles src, naming it name, and runs it in L. A chunk that does
// not parse gives a *SyntaxError; one that fails gives a *ScriptError.
func (h *Host) RunChunk(L *lua.LState, name, src string) error {
	proto, err := Compile(name, src)
	if err != nil {
		return err
	}
	L.Push(L.NewFunctionFromProto(proto))
	err = L.PCall(0, 0, nil)
	h.flush()
	if err == nil {
		return nil
	}
	var ae *lua.ApiError
	if errors.As(err, &ae) {
		return &ScriptError{Msg: ae.Object.String(), Trace: ae.StackTrace}
	}
	return &ScriptError{Msg: err.Error()}
}

// RunFile runs the script at path.
func (h *Host) RunFile(L *lua.LState, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, err)
	}
	return h.RunChunk(L, path, string(b))
}

// flush writes out buffered output, if the writer buffers.
func (h *Host) flush() {
	if f, ok := h.out.(interface{ Flush() error }); ok {
		f.Flush()
	}
}
