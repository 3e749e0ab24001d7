package bindings

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/nodevm"
	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
	"github.com/meshlua/meshlua/ui"
)

// Host is one meshlua network as Lua sees it: the runtime network, compiled
// programs shared between nodes, the CPU watchdog, and the script-side
// objects for nodes and links.
type Host struct {
	Net      *runtime.Network
	out      io.Writer
	stderr   io.Writer  // where mesh says what is not the script's output (a capture's limit)
	dir      string     // the script's folder: program paths and require start here
	seedSet  bool       // the seed was fixed from the command line
	chunksMu sync.Mutex // nodes require modules while they run in parallel
	chunks   map[chunkKey]*nodevm.Chunk
	vms      *nodevm.Watchdog // of every node VM of the network
	objs     map[any]*lua.LUserData
	rng      *runtime.Rand            // the script's math.random, derived from the seed
	kinds    map[*runtime.Link]string // the kind of each real link
	stdin    *bufio.Reader            // mesh.readline reads here
	budget   time.Duration            // nodes' CPU budget, unless mesh.node sets one
	memory   int64                    // nodes' memory budget, likewise
	exp      experiment               // parameters, results, series, callbacks
	// positions are where nodes are, for radio links (n:move_to)
	positions map[*runtime.Node]position
	runs      []RunWatcher // told of every mesh.run
	// idle is held by the goroutine that runs the script but while it
	// waits for the user (LetRun): Visit reaches the network then.
	idle sync.Mutex
	view atomic.Pointer[ui.Server] // the web view, once served
}

// SetBudgets sets the CPU-time budget of a call and the memory budget of
// nodes that mesh.node does not give their own (--budget and --memory);
// zero keeps the default.
func (h *Host) SetBudgets(cpu time.Duration, memory int64) error {
	if memory != 0 && memory < nodevm.MinMemory {
		return fmt.Errorf("a node's memory budget must be at least %s", luakit.FormatBytes(nodevm.MinMemory))
	}
	if cpu > 0 {
		h.budget = cpu
	}
	if memory > 0 {
		h.memory = memory
	}
	return nil
}

// SetStderr makes mesh write what it says besides the script's output (a
// capture reaching its size limit) to w instead of standard error.
func (h *Host) SetStderr(w io.Writer) { h.stderr = w }

// SetInput makes mesh.readline read from r instead of standard input.
func (h *Host) SetInput(r io.Reader) { h.stdin = bufio.NewReader(r) }

func (h *Host) input() *bufio.Reader {
	if h.stdin == nil {
		h.stdin = bufio.NewReader(os.Stdin)
	}
	return h.stdin
}

// DefaultSeed is the seed of a run that does not choose one.
const DefaultSeed = 1

// NewHost makes an empty network in virtual time that logs to out. dir is
// the folder relative to which program paths are found.
func NewHost(out io.Writer, dir string) *Host {
	h := &Host{
		Net:    runtime.NewNetwork(runtime.NewVirtual(), DefaultSeed, out),
		out:    out,
		stderr: os.Stderr,
		dir:    dir,
		chunks: map[chunkKey]*nodevm.Chunk{},
		vms:    nodevm.NewWatchdog(),
		objs:   map[any]*lua.LUserData{},
		rng:    runtime.NewRand(runtime.DeriveSeed(DefaultSeed, "script", "")),
		kinds:  map[*runtime.Link]string{},
		budget: nodevm.DefaultBudget,
		memory: nodevm.DefaultMemory,
	}
	h.idle.Lock() // the caller runs the script
	return h
}

// FixSeed sets the seed and makes mesh.seed in scripts do nothing, as
// --seed on the command line does.
func (h *Host) FixSeed(seed uint64) error {
	if err := h.Net.SetSeed(seed); err != nil {
		return err
	}
	h.seedSet = true
	h.rng.Seed(runtime.DeriveSeed(seed, "script", ""))
	return nil
}

// Close stops serving the web view, if it served, then stops every node
// (on_stop runs) and flushes captures.
func (h *Host) Close() error {
	var err error
	if v := h.view.Swap(nil); v != nil {
		h.LetRun(func() { err = v.Close() }) // an update may wait for the network
	}
	err = cmp.Or(h.Net.Close(), err)
	h.vms.Close()
	return err
}

// SyntaxError is a Lua chunk that does not parse, located as FILE:LINE:
// scripts, the REPL and node programs word their syntax errors alike.
type SyntaxError = luakit.SyntaxError

// Compile parses and compiles src, naming it name in messages, or returns a
// *SyntaxError.
func Compile(name, src string) (*lua.FunctionProto, error) { return luakit.Compile(name, src) }

// compile compiles once per distinct (name, source), or per distinct
// source given inline (a node's own name: [alice]), and shares the result.
func (h *Host) compile(name, src string) (*nodevm.Chunk, error) {
	key := chunkKey{name, src}
	if inline := strings.HasPrefix(name, "["); inline {
		key.name = "" // the same source given inline to many nodes
	}
	h.chunksMu.Lock()
	defer h.chunksMu.Unlock()
	if c, ok := h.chunks[key]; ok {
		return c.Named(name), nil
	}
	c, err := nodevm.Compile(name, src)
	if err != nil {
		return nil, err
	}
	h.chunks[key] = c
	return c, nil
}

// chunkKey is what a compiled chunk is shared by: its name and source, or
// its source alone for source given inline, whose name is the node's.
type chunkKey struct{ name, src string }

var moduleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// resolve finds a program or filter given as a stdlib name, a path ending
// in .lua (relative to the script's folder), or Lua source. It returns the
// chunk's name for messages and its source. Only a spec that is a name is
// looked up in the stdlib (lib), and names lists the stdlib's only for an
// error: a script giving 100,000 nodes their source inline looks up
// nothing.
func (h *Host) resolve(kind, spec, owner string, lib func(string) (string, bool), names func() []string) (string, string, error) {
	isName := moduleName.MatchString(spec)
	if isName {
		if src, ok := lib(spec); ok {
			return "stdlib/" + kind + "s/" + spec + ".lua", src, nil
		}
	}
	if strings.HasSuffix(spec, ".lua") && !strings.ContainsAny(spec, "\n(") {
		path := spec
		if !filepath.IsAbs(path) {
			path = filepath.Join(h.dir, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return "", "", fmt.Errorf("%s %q: %v", kind, spec, err)
		}
		return path, string(b), nil
	}
	if isName {
		return "", "", fmt.Errorf("unknown %s %q: not in the stdlib (%s); give a stdlib name, a path ending in .lua, or Lua source",
			kind, spec, strings.Join(names(), ", "))
	}
	return "[" + owner + "]", spec, nil
}

// program compiles the program spec for the node called owner.
func (h *Host) program(spec, owner string) (*nodevm.Chunk, error) {
	name, src, err := h.resolve("program", spec, owner, stdlib.Program, stdlib.Programs)
	if err != nil {
		return nil, err
	}
	return h.compile(name, src)
}

// module finds the module a node program requires: a stdlib module, or
// NAME.lua in the script's folder (dots are folders).
func (h *Host) module(name string) (*nodevm.Chunk, error) {
	if !moduleName.MatchString(name) {
		return nil, fmt.Errorf("module %q not found: node programs may require only stdlib modules and NAME.lua files in the script's folder", name)
	}
	path, src := "stdlib/lib/"+strings.ReplaceAll(name, ".", "/")+".lua", ""
	if s, ok := stdlib.Lib(name); ok {
		src = s
	} else {
		path = filepath.Join(h.dir, strings.ReplaceAll(name, ".", string(filepath.Separator))+".lua")
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("module %q not found: node programs may require only stdlib modules and NAME.lua files in the script's folder (%s)", name, path)
		}
		src = string(b)
	}
	return h.compile(path, src)
}

// Interrupt stops the run in progress (or the next one) and every call into
// a node VM that is running now, from any goroutine: Ctrl-C and the other
// signals that end a run. A node whose call was stopped so stops with the
// reason "interrupted".
func (h *Host) Interrupt() {
	h.Net.Interrupt()
	if v := h.view.Load(); v != nil {
		v.Interrupt() // a pause from the page ends too, after the run knows
	}
	h.vms.Interrupt()
}

// LetRun runs fn, which waits for the user (a line at the prompt, or
// mesh.readline), with the network's scheduler released, so that a
// real-time network runs on meanwhile, and holds it again before it
// returns: a script's code and the REPL's run holding it, so that the
// network changes only between two of their steps.
func (h *Host) LetRun(fn func()) {
	sched := h.Net.Scheduler()
	sched.Release()
	h.idle.Unlock()
	defer sched.Hold()
	defer h.idle.Lock()
	fn()
}

// Visit runs fn holding the network, if the script waits for the user
// (LetRun), and reports whether it did; while the script's code runs it
// does nothing, since the network is the script's. Any goroutine may call
// it.
func (h *Host) Visit(fn func()) bool {
	if !h.idle.TryLock() {
		return false
	}
	defer h.idle.Unlock()
	sched := h.Net.Scheduler()
	sched.Hold()
	defer sched.Release()
	fn()
	return true
}
