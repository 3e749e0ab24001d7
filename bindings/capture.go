package bindings

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/capture"
	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// captureOptions are the keys mesh.capture accepts.
var captureOptions = []string{"limit"}

// meshCapture is mesh.capture(link_or_node, path [, {limit =}]): the frames
// crossing a link or a node go to a pcap file, or a pcapng file if path
// ends in .pcapng, which stops at the limit (default capture.DefaultLimit,
// 0 for none) and says so on stderr.
func (h *Host) meshCapture(L *lua.LState) int {
	ud := L.CheckUserData(1)
	path := L.CheckString(2)
	o := luakit.CheckOptions(L, "mesh.capture", L.OptTable(3, nil), captureOptions...)
	var name string
	switch v := ud.Value.(type) {
	case *runtime.Node:
		name = v.Name()
	case *runtime.Link:
		name = v.Name()
	default:
		L.ArgError(1, "node or link expected")
	}
	max, size := int64(capture.DefaultLimit), luakit.FormatBytes(capture.DefaultLimit)
	if v := o.Get("limit"); v != lua.LNil {
		n, err := luakit.ParseSizeValue(v)
		if err != nil {
			o.Fail("limit", err)
		}
		max, size = n, v.String()
		if _, isNumber := v.(lua.LNumber); isNumber {
			size = fmt.Sprintf("%d bytes", n)
		}
	}
	lim := capture.NewLimit(max)
	lim.Reached = capture.Notice(h.stderr, "mesh.capture "+path, size, "option limit")
	c, tap, err := capture.Create(path, name, lim)
	if err != nil {
		L.RaiseError("mesh.capture: %v", err)
	}
	switch v := ud.Value.(type) {
	case *runtime.Node:
		h.Net.TapNode(v, tap, c)
	case *runtime.Link:
		h.Net.TapLink(v, tap, c)
	}
	return 0
}
