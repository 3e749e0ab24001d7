package nodevm

import (
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// fragmentReceiver is a node program around the stdlib's fragment
// reassembler with small bounds: reset() makes a new one, feed(from,
// fragment) gives it one fragment and returns why it dropped it (or "")
// and what is wrong with its counts and bounds after (or "").
const fragmentReceiver = `
local fragment = require "fragment"
local limits = {max_messages = 4, max_bytes = 2048, max_fragments = 32, timeout = 2}
local f, used
function reset() f, used = fragment.new(limits), 0 end
function feed(from, piece)
  local m, why = f:receive(from, piece)
  if m then -- it completed a message of as many fragments as its header says
    local hi, lo = piece:byte(9, 10)
    used = used + hi * 256 + lo
    if #m > limits.max_bytes then return "", "a message of " .. #m .. " bytes" end
  end
  local s = f:stats()
  if s.bytes > limits.max_bytes then return why or "", "holds " .. s.bytes .. " bytes" end
  if s.held > limits.max_messages * limits.max_fragments then return why or "", "holds " .. s.held .. " fragments" end
  if s.received ~= used + s.held + s.dropped then
    return why or "", ("%d fragments received, but %d used, %d held and %d dropped"):format(s.received, used, s.held, s.dropped)
  end
  local counted = 0
  for _, n in pairs(s.drops) do counted = counted + n end
  if counted ~= s.dropped then return why or "", ("%d dropped, %d by reason"):format(s.dropped, counted) end
  return why or "", ""
end
`

// FuzzFragmentReassembly feeds the fragment library (Lua, in a node VM)
// sequences of fuzzed fragments from three senders, with pauses between
// them that pass its timeout: no Lua error escapes, what it holds stays
// within its bounds, every fragment is used, held or dropped with a
// counted reason, and a fragment without the header is dropped as
// malformed. The input is records: a sender byte, a pause byte (from 200
// up, a pause of a tenth of a second for each step past 200), a length
// byte, then that many bytes of fragment. The seed corpus
// (testdata/fuzz/FuzzFragmentReassembly) has a case of every reason to
// drop a fragment and of messages put back together.
//
// Fuzz it with a bounded minimization, which on a network of nodes runs
// slowly: go test ./nodevm -fuzz FuzzFragmentReassembly -fuzzminimizetime 20x
func FuzzFragmentReassembly(f *testing.F) {
	tn := newTestNet(f)
	n := tn.node("rx", fragmentReceiver, nodeOptions{})
	f.Fuzz(func(t *testing.T, data []byte) { feedFragments(t, tn, n, data) })
}

// feedFragments is one run of FuzzFragmentReassembly on data.
func feedFragments(t *testing.T, tn *testNet, n *runtime.Node, data []byte) {
	call := func(fname string, args ...lua.LValue) string {
		out, err := tn.call(n, fname, args...)
		if err != nil {
			t.Fatalf("%s: %v", fname, err)
		}
		return out
	}
	call("reset")
	for len(data) >= 3 {
		from, pause, size := data[0]%3, data[1], int(data[2])
		data = data[3:]
		size = min(size, len(data))
		piece := string(data[:size])
		data = data[size:]
		if pause > 200 {
			if err := tn.net.Run(time.Duration(pause-200) * 100 * time.Millisecond); err != nil {
				t.Fatal(err)
			}
		}
		why, problem, _ := strings.Cut(call("feed", lua.LString("s"+string('0'+from)), lua.LString(piece)), "\t")
		if problem != "" {
			t.Fatalf("after a fragment %q (dropped: %q): %s", piece, why, problem)
		}
		if (len(piece) < 10 || piece[:2] != "F1") && why != "malformed" {
			t.Fatalf("a fragment without its header, %q, was not dropped as malformed but %q", piece, why)
		}
	}
}
