package bench

import (
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// Stream is a network that a native source sends frames of one size into,
// in batches, each batch followed by a run of the network.
type Stream struct {
	net   *runtime.Network
	src   *runtime.Node
	sink  *runtime.Sink // counts what arrives, if the stream ends in one
	size  int           // of each frame, header included
	batch int
	step  time.Duration // how long to run the network after each batch
	dst   runtime.MAC
	close func()
	sent  uint64
}

// Send sends n frames and runs the network until they have arrived.
func (s *Stream) Send(n int) error {
	payload := make([]byte, s.size-runtime.HeaderLen)
	mac := s.src.Port(1).MAC()
	for i := 0; i < n; i += s.batch {
		for j := 0; j < s.batch && i+j < n; j++ {
			s.src.Send(1, runtime.NewFrame(s.dst, mac, runtime.EtherType, payload))
		}
		if err := s.net.Run(s.step); err != nil {
			return err
		}
	}
	s.sent += uint64(n)
	if s.sink != nil && s.sink.Frames != s.sent {
		return fmt.Errorf("the sink got %d of %d frames", s.sink.Frames, s.sent)
	}
	return nil
}

// Close shuts the stream's network down.
func (s *Stream) Close() { s.close() }

// Switch is a stream between two native endpoints on a link with a 1µs
// delay, in batches of 256.
func Switch() *Stream {
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	l, _ := nw.AddLink("l", runtime.Impairments{Delay: time.Microsecond})
	a, _ := nw.AddNode("a", &runtime.Sink{})
	nw.Connect(a, l)
	sink := &runtime.Sink{}
	b, _ := nw.AddNode("b", sink)
	nw.Connect(b, l)
	nw.Run(0)
	return &Stream{net: nw, src: a, sink: sink, size: 64, batch: 256, step: time.Microsecond,
		dst: b.Port(1).MAC(), close: func() { nw.Close() }}
}

// NativeRelayChain is a stream from a native source through four native
// relays (runtime.Relay) to a native sink: 6 nodes, 5 links.
func NativeRelayChain() *Stream {
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	var links []*runtime.Link
	for i := 1; i <= 5; i++ {
		l, _ := nw.AddLink(fmt.Sprint("l", i), runtime.Impairments{})
		links = append(links, l)
	}
	for i := 1; i <= 4; i++ {
		r, _ := nw.AddNode(fmt.Sprint("relay", i), runtime.Relay{})
		nw.Connect(r, links[i-1])
		nw.Connect(r, links[i])
	}
	s := &Stream{net: nw, size: 64, batch: 64, step: time.Millisecond, dst: runtime.Broadcast, close: func() { nw.Close() }}
	s.src, s.sink = addEnds(nw, links[0], links[4])
	nw.Run(0)
	return s
}

// The two forms of a Lua relay between its ports 1 and 2.
const (
	// RelayTable builds each frame anew from a table, as the README's
	// gateway does.
	RelayTable = `
function on_frame(f)
  node.send{port = 3 - f.port, dst = f.dst, type = f.type, payload = f.payload}
end`
	// RelayFrame forwards the frame it got.
	RelayFrame = `
local send = node.send
function on_frame(f, port) send(f, 3 - port) end`
)

// LuaRelayChain is NativeRelayChain with Lua relays running relay.
func LuaRelayChain(relay string) (*Stream, error) {
	sc := newScript()
	sc.L.SetGlobal("RELAY", lua.LString(relay))
	err := sc.run(`
for i = 1, 5 do mesh.link("l" .. i) end
for i = 1, 4 do
  mesh.node("relay" .. i, {links = {"l" .. i, "l" .. (i + 1)}, program = RELAY})
end`)
	if err != nil {
		sc.close()
		return nil, err
	}
	nw := sc.h.Net
	s := &Stream{net: nw, size: 64, batch: 64, step: time.Millisecond, dst: runtime.Broadcast, close: sc.close}
	s.src, s.sink = addEnds(nw, nw.Link("l1"), nw.Link("l5"))
	nw.Run(0)
	return s, nil
}

// OnFrame is a stream of 14-byte frames (a header, no payload) from a
// native source to one Lua node whose on_frame only counts, in batches of
// 256.
func OnFrame() (*Stream, error) {
	return onFrame("local n = 0 function on_frame(f) n = n + 1 end", runtime.HeaderLen)
}

// OnFrameFields is OnFrame with 64-byte frames and an on_frame that reads
// every field a relay reads: f.src, f.dst, f.type, f.payload and f.port.
func OnFrameFields() (*Stream, error) {
	return onFrame(`local n = 0
function on_frame(f)
  local src, dst, t, p, port = f.src, f.dst, f.type, f.payload, f.port
  n = n + 1
end`, 64)
}

// onFrame is a stream of frames of size bytes from a native source to one
// Lua node running program.
func onFrame(program string, size int) (*Stream, error) {
	sc := newScript()
	sc.L.SetGlobal("PROGRAM", lua.LString(program))
	if err := sc.run(`mesh.node("lua", {links = {mesh.link("l")}, program = PROGRAM})`); err != nil {
		sc.close()
		return nil, err
	}
	nw := sc.h.Net
	src, _ := nw.AddNode("src", &runtime.Sink{})
	nw.Connect(src, nw.Link("l"))
	nw.Run(0)
	return &Stream{net: nw, src: src, size: size, batch: 256, dst: runtime.Broadcast, close: sc.close}, nil
}

// addEnds adds a native source on first and a native sink on last.
func addEnds(nw *runtime.Network, first, last *runtime.Link) (*runtime.Node, *runtime.Sink) {
	src, _ := nw.AddNode("src", &runtime.Sink{})
	nw.Connect(src, first)
	sink := &runtime.Sink{}
	dst, _ := nw.AddNode("dst", sink)
	nw.Connect(dst, last)
	return src, sink
}
