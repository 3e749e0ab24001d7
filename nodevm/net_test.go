package nodevm

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
)

// testBudget is the CPU budget of nodes in tests that do not set their
// own: generous, so an honest node is never stopped on a machine slowed
// by other tests or the race detector. Tests of budgets set theirs.
const testBudget = time.Minute

// testNet is a network in virtual time whose nodes run Lua programs under
// one watchdog, with no script host: L is the Lua state values are copied
// into and out of, as a host's would be.
type testNet struct {
	t     testing.TB
	net   *runtime.Network
	watch *Watchdog
	L     *lua.LState
	out   *bytes.Buffer // the network's log
}

func newTestNet(t testing.TB) *testNet {
	var out bytes.Buffer
	tn := &testNet{t: t, net: runtime.NewNetwork(runtime.NewVirtual(), 1, &out), watch: NewWatchdog(), L: lua.NewState(), out: &out}
	t.Cleanup(func() {
		tn.net.Close()
		tn.watch.Close()
		tn.L.Close()
	})
	return tn
}

// nodeOptions are a test node's: zero values take the defaults.
type nodeOptions struct {
	budget time.Duration
	memory int64
	links  []*runtime.Link
	args   lua.LValue
}

// stdlibModule is the Require of test nodes: the stdlib's modules only.
func stdlibModule(name string) (*Chunk, error) {
	src, ok := stdlib.Lib(name)
	if !ok {
		return nil, fmt.Errorf("module %q not found", name)
	}
	return Compile("stdlib/lib/"+strings.ReplaceAll(name, ".", "/")+".lua", src)
}

// node adds a node called name running src, or the stdlib program of that
// name, and loads it; a node that fails to load has failed.
func (tn *testNet) node(name, src string, o nodeOptions) *runtime.Node {
	tn.t.Helper()
	chunkName := "[" + name + "]"
	if s, ok := stdlib.Program(src); ok {
		chunkName, src = "stdlib/programs/"+src+".lua", s
	}
	chunk, err := Compile(chunkName, src)
	if err != nil {
		tn.t.Fatal(err)
	}
	cfg := Config{Chunk: chunk, Args: o.args, Budget: testBudget, Memory: DefaultMemory, Require: stdlibModule}
	if o.budget != 0 {
		cfg.Budget = o.budget
	}
	if o.memory != 0 {
		cfg.Memory = o.memory
	}
	p := New(tn.watch, cfg)
	n, err := tn.net.AddNode(name, p)
	if err != nil {
		tn.t.Fatal(err)
	}
	for _, l := range o.links {
		if _, err := tn.net.Connect(n, l); err != nil {
			tn.t.Fatal(err)
		}
	}
	if err := p.Load(n); err != nil {
		n.Fail(err)
	}
	return n
}

// link adds a link.
func (tn *testNet) link(name string, im runtime.Impairments) *runtime.Link {
	tn.t.Helper()
	l, err := tn.net.AddLink(name, im)
	if err != nil {
		tn.t.Fatal(err)
	}
	return l
}

// run runs the network for d.
func (tn *testNet) run(d time.Duration) {
	tn.t.Helper()
	if err := tn.net.Run(d); err != nil {
		tn.t.Fatal(err)
	}
}

// call calls fname in n's VM and returns its results as print shows
// them, separated by tabs, or the error.
func (tn *testNet) call(n *runtime.Node, fname string, args ...lua.LValue) (string, error) {
	if n.Stopped() {
		return "", fmt.Errorf("node %s has stopped: %v", n.Name(), n.Err())
	}
	results, err := n.Program().(*Program).Call(tn.L, fname, args)
	if err != nil {
		return "", err
	}
	s := make([]string, len(results))
	for i, v := range results {
		s[i] = tn.L.ToStringMeta(v).String()
	}
	return strings.Join(s, "\t"), nil
}

// mustCall calls fname in n's VM and fails the test on error.
func (tn *testNet) mustCall(n *runtime.Node, fname string, args ...lua.LValue) string {
	tn.t.Helper()
	s, err := tn.call(n, fname, args...)
	if err != nil {
		tn.t.Fatalf("%s:call(%q): %v\nlog:\n%s", n.Name(), fname, err, tn.out.String())
	}
	return s
}
