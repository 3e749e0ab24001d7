package bindings

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/capture"
	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
)

// captureOptions are the keys mesh.capture accepts.
var captureOptions = []string{"limit", "rotate"}

// meshCapture is mesh.capture(link_or_node, path [, {limit =, rotate =}]):
// the frames crossing a link or a node go to a pcap file, or a pcapng file
// if path ends in .pcapng, which stops at the limit (default
// capture.DefaultLimit, 0 for none) and says so on stderr, or with rotate
// = N starts again at it, keeping the newest N files.
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
	if v := o.Get("rotate"); v != lua.LNil {
		n, ok := v.(lua.LNumber)
		switch {
		case !ok || n < 1 || n != lua.LNumber(int(n)):
			o.Fail("rotate", fmt.Errorf("want a whole number of files >= 1, got %v", v))
		case max == 0:
			o.Fail("rotate", fmt.Errorf("files rotate at a size limit, and limit 0 is none"))
		}
		lim.Rotate = int(n)
	}
	lim.Reached = capture.Notice(h.stderr, "mesh.capture "+path, size, "option limit", lim, path)
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
