package bindings

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"

	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
)

// Host is one meshlua network as Lua sees it: the runtime network, compiled
// programs shared between nodes, the CPU watchdog, and the script-side
// objects for nodes and links.
type Host struct {
	Net     *runtime.Network
	out     io.Writer
	dir     string     // the script's folder: program paths and require start here
	seedSet bool       // the seed was fixed from the command line
	protoMu sync.Mutex // nodes require modules while they run in parallel
	protos  map[string]*lua.FunctionProto
	watch   *watchdog
	objs    map[any]*lua.LUserData
	rng     *runtime.Rand            // the script's math.random, derived from the seed
	kinds   map[*runtime.Link]string // the kind of each real link
	stdin   *bufio.Reader            // mesh.readline reads here
	budget  time.Duration            // nodes' CPU budget, unless mesh.node sets one
	memory  int64                    // nodes' memory budget, likewise
}

// SetBudgets sets the CPU-time budget of a call and the memory budget of
// nodes that mesh.node does not give their own (--budget and --memory);
// zero keeps the default.
func (h *Host) SetBudgets(cpu time.Duration, memory int64) error {
	if memory != 0 && memory < minMemory {
		return fmt.Errorf("a node's memory budget must be at least %s", formatBytes(minMemory))
	}
	if cpu > 0 {
		h.budget = cpu
	}
	if memory > 0 {
		h.memory = memory
	}
	return nil
}

// newProgram is a Lua program with the given args and budgets, to be given
// its program (name, proto) and loaded.
func (h *Host) newProgram(args lua.LValue, budget time.Duration, memory int64) *luaProgram {
	p := &luaProgram{host: h, budget: budget, args: args}
	p.mem.budget = memory
	return p
}

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
		dir:    dir,
		protos: map[string]*lua.FunctionProto{},
		watch:  newWatchdog(ProcessMemoryLimit()),
		objs:   map[any]*lua.LUserData{},
		rng:    runtime.NewRand(runtime.DeriveSeed(DefaultSeed, "script", "")),
		kinds:  map[*runtime.Link]string{},
		budget: DefaultBudget,
		memory: DefaultMemory,
	}
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

// Close stops every node (on_stop runs) and flushes captures.
func (h *Host) Close() error {
	err := h.Net.Close()
	h.watch.close()
	return err
}

// SyntaxError is a Lua chunk that does not parse, located as FILE:LINE.
type SyntaxError struct {
	File  string
	Line  int
	Msg   string
	AtEnd bool // the chunk ended too soon: more input could complete it
}

// Error formats the error as users see it.
func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Compile parses and compiles src, naming it name in messages, or returns a
// *SyntaxError.
func Compile(name, src string) (*lua.FunctionProto, error) {
	chunk, err := parse.Parse(strings.NewReader(src), name)
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			line := pe.Pos.Line
			msg := pe.Message
			atEnd := line == parse.EOF
			if atEnd {
				line = strings.Count(src, "\n") + 1
				msg += " at the end of the chunk"
			} else if pe.Token != "" {
				msg += fmt.Sprintf(" near '%s'", pe.Token)
			}
			return nil, &SyntaxError{File: name, Line: line, Msg: msg, AtEnd: atEnd}
		}
		return nil, err
	}
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		var ce *lua.CompileError
		if errors.As(err, &ce) {
			return nil, &SyntaxError{File: name, Line: ce.Line, Msg: ce.Message}
		}
		return nil, err
	}
	return proto, nil
}

// compile compiles once per distinct (name, source) and shares the result.
func (h *Host) compile(name, src string) (*lua.FunctionProto, error) {
	key := name + "\x00" + src
	h.protoMu.Lock()
	defer h.protoMu.Unlock()
	if p, ok := h.protos[key]; ok {
		return p, nil
	}
	p, err := compileNode(name, src)
	if err != nil {
		return nil, err
	}
	h.protos[key] = p
	return p, nil
}

var moduleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// resolve finds a program or filter given as a stdlib name, a path ending
// in .lua (relative to the script's folder), or Lua source. It returns the
// chunk's name for messages and its source.
func (h *Host) resolve(kind, spec, owner string, lib func(string) (string, bool), names []string) (string, string, error) {
	if src, ok := lib(spec); ok {
		return "stdlib/" + kind + "s/" + spec + ".lua", src, nil
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
	if moduleName.MatchString(spec) {
		return "", "", fmt.Errorf("unknown %s %q: not in the stdlib (%s); give a stdlib name, a path ending in .lua, or Lua source",
			kind, spec, strings.Join(names, ", "))
	}
	return "[" + owner + "]", spec, nil
}

// program compiles the program spec for the node called owner.
func (h *Host) program(spec, owner string) (string, *lua.FunctionProto, error) {
	name, src, err := h.resolve("program", spec, owner, stdlib.Program, stdlib.Programs())
	if err != nil {
		return "", nil, err
	}
	p, err := h.compile(name, src)
	return name, p, err
}

// nodeRequire is require inside a node VM: it loads a stdlib module, or
// NAME.lua from the script's folder (dots are folders), once per VM.
func (h *Host) nodeRequire(L *lua.LState) int {
	name := L.CheckString(1)
	loaded, ok := L.G.Registry.RawGetString("meshlua.loaded").(*lua.LTable)
	if !ok {
		loaded = L.CreateTable(0, 4) // NewTable's room for 32 keys costs 2 KB in each node
		L.G.Registry.RawSetString("meshlua.loaded", loaded)
	}
	if v := loaded.RawGetString(name); v != lua.LNil {
		L.Push(v)
		return 1
	}
	if !moduleName.MatchString(name) {
		L.RaiseError("module %q not found: node programs may require only stdlib modules and NAME.lua files in the script's folder", name)
	}
	path, src := "stdlib/lib/"+name+".lua", ""
	if s, ok := stdlib.Lib(name); ok {
		src = s
	} else {
		path = filepath.Join(h.dir, strings.ReplaceAll(name, ".", string(filepath.Separator))+".lua")
		b, err := os.ReadFile(path)
		if err != nil {
			L.RaiseError("module %q not found: node programs may require only stdlib modules and NAME.lua files in the script's folder (%s)", name, path)
		}
		src = string(b)
	}
	proto, err := h.compile(path, src)
	if err != nil {
		L.RaiseError("%v", err)
	}
	L.Push(L.NewFunctionFromProto(proto))
	L.Push(lua.LString(name))
	L.Call(1, 1)
	v := L.Get(-1)
	if v == lua.LNil {
		v = lua.LTrue
	}
	loaded.RawSetString(name, v)
	L.Push(v)
	return 1
}

// Interrupt stops the run in progress (or the next one) and every call into
// a node VM that is running now, from any goroutine: Ctrl-C and the other
// signals that end a run. A node whose call was stopped so stops with the
// reason "interrupted".
func (h *Host) Interrupt() {
	h.Net.Interrupt()
	h.watch.interrupt()
}
