package nodevm

import (
	"github.com/meshlua/meshlua/internal/luakit"
	lua "github.com/yuin/gopher-lua"
)

// boundLibraries replaces, in the libraries that node VMs share (made in
// the template VM T: the base functions, string and table), the functions
// whose cost grows with their input by versions that charge the node's
// budget as they work or refuse a result over the node's string limit
// before building it (strlib.go, gsub.go, strsize.go, tablelib.go), and
// adds the function that node programs' `..` calls (concat.go). Scripts
// keep gopher-lua's.
func boundLibraries(T *lua.LState, base, str, tbl *lua.LTable) {
	luakit.SetFuncs(T, str, patternFuncs)
	luakit.SetFuncs(T, str, sizeFuncs)
	luakit.SetFuncs(T, tbl, tableFuncs)
	luakit.SetFuncs(T, base, []luakit.NamedFunc{{Name: "unpack", Fn: nodeUnpack}, {Name: concatName, Fn: nodeConcat}})
}

// refuseSize raises an error for fn's result of size bytes when it passes
// the node's string limit, and otherwise counts it as built (allocated).
// about qualifies the size ("", "up to ").
func refuseSize(L *lua.LState, fn, about string, size int64) {
	if limit := stringLimit(L); size > int64(limit) {
		L.RaiseError("%s: a result of %s%d bytes exceeds the node's string limit of %d bytes", fn, about, size, limit)
	}
	allocated(L, int(size))
}
