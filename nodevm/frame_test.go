package nodevm

import (
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

func TestKeptFramesNeverChange(t *testing.T) {
	tn := newTestNet(t)
	l := []*runtime.Link{tn.link("l", runtime.Impairments{})}
	a := tn.node("a", "function go(p) node.send{payload = p} end", nodeOptions{links: l})
	b := tn.node("b", `
  local kept, payloads = {}, {}
  function on_frame(f)
    kept[#kept + 1] = f
    payloads[#payloads + 1] = f.payload
  end
  function check()
    local bad = 0
    for i, f in ipairs(kept) do
      if f.payload ~= payloads[i] or f.len ~= 14 + #payloads[i] then bad = bad + 1 end
    end
    return #kept, bad, kept[1].payload, kept[#kept].payload
  end`, nodeOptions{links: l})
	for i := 1; i <= 100; i++ {
		tn.mustCall(a, "go", lua.LString("frame "+strconv.Itoa(i)+" "+strings.Repeat("x", i)))
	}
	tn.run(time.Second)
	if got := tn.mustCall(b, "check"); !strings.HasPrefix(got, "100\t0\tframe 1 x\tframe 100 x") {
		t.Errorf("kept frames changed: %q", got)
	}
}

func TestSendForwardsAFrame(t *testing.T) {
	tn := newTestNet(t)
	l1, l2 := tn.link("l1", runtime.Impairments{}), tn.link("l2", runtime.Impairments{})
	a := tn.node("a", `
  function go() node.send{dst = "02:00:00:00:00:09", type = 0x1234, payload = "hi"} end`, nodeOptions{links: []*runtime.Link{l1}})
	tn.node("relay", `
  local send = node.send
  function on_frame(f)
    print(send(f, 2))
    print(send{frame = f, port = 2, type = 0x4321})
    print(send(f, 3))
  end`, nodeOptions{links: []*runtime.Link{l1, l2}})
	tn.node("b", `
  function on_frame(f) print(f.src, f.dst, f.type, f.payload) end`, nodeOptions{links: []*runtime.Link{l2}})
	tn.mustCall(a, "go")
	tn.run(time.Second)
	mac := a.Port(1).MAC().String()
	want := []string{
		"[0.000000] relay: true",
		"[0.000000] relay: true",
		"[0.000000] relay: nil\tnode relay has no port 3",
		"[0.000000] b: " + mac + "\t02:00:00:00:00:09\t4660\thi",
		"[0.000000] b: " + mac + "\t02:00:00:00:00:09\t17185\thi",
	}
	if got := strings.TrimSpace(tn.out.String()); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

func TestSendErrors(t *testing.T) {
	for _, c := range []struct{ call, want string }{
		{`node.send{data = "x"}`, `node.send: unknown option "data" (did you mean "dst"?) (options: dst, frame, payload, port, src, type)`},
		{`node.send{[1] = "x"}`, `node.send: option keys must be names, got number`},
		{`node.send{port = "1"}`, `node.send: option port: want a port number, got string`},
		{`node.send{dst = "zz"}`, `node.send: option dst: bad MAC address "zz": want six hex bytes like 02:00:00:00:00:01`},
		{`node.send{src = 1}`, `node.send: option src: want a MAC address string, got number`},
		{`node.send{type = 70000}`, `node.send: option type: want an ethertype from 0 to 0xffff, got 70000`},
		{`node.send{payload = 1}`, `node.send: option payload: want a string, got number`},
		{`node.send{frame = "x"}`, `node.send: option frame: want a frame, got string`},
		{`node.send("x")`, `bad argument #1 to send (table expected, got string)`},
		{`node.send(nil)`, `bad argument #1 to send (table expected, got nil)`},
	} {
		tn := newTestNet(t)
		n := tn.node("n", `function go() return pcall(function() `+c.call+` end) end`,
			nodeOptions{links: []*runtime.Link{tn.link("l", runtime.Impairments{})}})
		if got := tn.mustCall(n, "go"); !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want it to contain %q", c.call, got, c.want)
		}
	}
}

func TestNodesShareNoLibraryState(t *testing.T) {
	tn := newTestNet(t)
	a := tn.node("a", `
  table.insert(string, "mine")
  pcall(function() getmetatable("").__index.upper = nil end)
  math.randomseed(1)
  function look() return rawget(string, 1), ("x"):upper(), math.random(1000) end`, nodeOptions{})
	b := tn.node("b", `
  math.randomseed(1)
  function look() return rawget(string, 1), ("x"):upper(), math.random(1000) end`, nodeOptions{})
	la, lb := tn.mustCall(a, "look"), tn.mustCall(b, "look")
	fa, fb := strings.Split(la, "\t"), strings.Split(lb, "\t")
	if fa[0] != "mine" || fb[0] != "nil" || fb[1] != "X" || fa[2] != fb[2] {
		t.Errorf("a sees %q, b sees %q: b must not see a's changes, and equal seeds give equal draws", la, lb)
	}
}

// TestFilterTablesReadAsSend gives node.send and a filter the same bad
// tables: they refuse them with the same messages, naming the field.
func TestFilterTablesReadAsSend(t *testing.T) {
	for _, c := range []struct{ table, want string }{
		{`{payload = 123}`, `option payload: want a string, got number`},
		{`{dst = "zz"}`, `option dst: bad MAC address "zz": want six hex bytes like 02:00:00:00:00:01`},
		{`{src = 1}`, `option src: want a MAC address string, got number`},
		{`{type = 70000}`, `option type: want an ethertype from 0 to 0xffff, got 70000`},
		{`{frame = "x"}`, `option frame: want a frame, got string`},
		{`{data = "x"}`, `unknown option "data" (did you mean "dst"?)`},
		{`{[1] = "x"}`, `option keys must be names, got number`},
	} {
		tn := newTestNet(t)
		n := tn.node("n", `
function go() return pcall(node.send, `+c.table+`) end
function filtered()
  node.filter("out", function() return `+c.table+` end)
  node.send{payload = "x"}
end`, nodeOptions{links: []*runtime.Link{tn.link("l", runtime.Impairments{})}})
		send := tn.mustCall(n, "go")
		_, _ = tn.call(n, "filtered") // the node stops; the log says why
		filter := tn.out.String()
		if !strings.Contains(send, "node.send: "+c.want) {
			t.Errorf("node.send%s: got %q, want it to contain %q", c.table, send, c.want)
		}
		if !strings.Contains(filter, "stopped: a filter's frame: "+c.want) {
			t.Errorf("a filter returning %s: got %q, want it to contain %q", c.table, filter, c.want)
		}
	}
}

// Every field a program reads of a frame, read twice (the payload's string
// is kept after the first read), and what other keys give.
func TestFrameFields(t *testing.T) {
	tn := newTestNet(t)
	l := []*runtime.Link{tn.link("l", runtime.Impairments{})}
	a := tn.node("a", `function go() node.send{dst = "02:00:00:00:00:09", type = 0x1234, payload = "hello"} end`,
		nodeOptions{links: l})
	b := tn.node("b", `
  local got
  function on_frame(f) got = f end
  function fields()
    local f = got
    assert(f.payload == f.payload and f.dst == f.dst)
    local ok, err = pcall(function() return f[{}] end)
    return f.src, f.dst, f.type, f.payload, f.port, f.len, f["len"], type(f.decode), f.nope, ok, err ~= nil
  end`, nodeOptions{links: l})
	tn.mustCall(a, "go")
	tn.run(time.Second)
	want := a.Port(1).MAC().String() + "\t02:00:00:00:00:09\t4660\thello\t1\t19\t19\tfunction\tnil\tfalse\ttrue"
	if got := tn.mustCall(b, "fields"); got != want {
		t.Errorf("frame fields:\n got %q\nwant %q", got, want)
	}
}
