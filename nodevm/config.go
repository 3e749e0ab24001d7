package nodevm

import (
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Config is what a node program is made from.
type Config struct {
	// Spec is the program as the host was given it (a stdlib name, a path,
	// source): the host's own, kept for it to reload the program.
	Spec  string
	Chunk *Chunk // the program's chunk, which defines its handlers
	// Args is a table of the host's Lua state, copied into the VM as
	// node.args when it loads (CheckArgs tells whether it can be), or nil.
	Args   lua.LValue
	Budget time.Duration // the CPU time of one call into the VM
	Memory int64         // the bytes the VM may hold across calls
	// Require finds the module that require(name) loads in the VM, once
	// per VM; its error is raised in the VM as it is.
	Require func(name string) (*Chunk, error)
}

// Budgets of a node VM.
const (
	// DefaultBudget is the CPU time one call into a node VM may use before
	// the node is stopped.
	DefaultBudget = time.Second
	// DefaultMemory is the memory a node's VM may hold, across calls,
	// before the node is stopped.
	DefaultMemory = 64 << 20
	// MinMemory is the smallest memory budget a node may have: an idle
	// node holds about 10 KiB.
	MinMemory = 256 << 10
)

// New makes a program from cfg, whose VM runs under w. Its VM is built by
// Load.
func New(w *Watchdog, cfg Config) *Program {
	p := &Program{watch: w, cfg: cfg}
	p.mem.budget = cfg.Memory
	return p
}

// Config is what p was made from.
func (p *Program) Config() Config { return p.cfg }

// CheckArgs returns why v, a value of the host's Lua state L, cannot be a
// program's Args: it is not a table, or holds what cannot be copied.
func CheckArgs(L *lua.LState, v lua.LValue) error {
	if _, ok := v.(*lua.LTable); !ok {
		return fmt.Errorf("want a table, got %s", v.Type())
	}
	_, err := copyValue(L, v)
	return err
}
