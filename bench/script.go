package bench

import (
	"context"
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/bindings"
)

// script is a network in virtual time and the Lua state of a script that
// builds and drives it, as `meshlua FILE.lua` has them.
type script struct {
	h *bindings.Host
	L *lua.LState
}

func newScript() *script {
	h := bindings.NewHost(io.Discard, os.TempDir())
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		panic(err) // the embedded stdlib does not load: a broken build
	}
	return &script{h: h, L: L}
}

// run runs a chunk of the script.
func (s *script) run(src string) error { return s.h.RunChunk(s.L, "bench.lua", src) }

// close shuts the network down.
func (s *script) close() {
	s.L.Close()
	s.h.Close()
}
