package bindings

import lua "github.com/yuin/gopher-lua"

// boundLibraries adds, to the base functions that node VMs share (made in
// the template VM T), the function that node programs' `..` calls
// (concat.go). Scripts keep gopher-lua's concatenation.
func boundLibraries(T *lua.LState, base *lua.LTable) {
	setFuncs(T, base, []namedFunc{{concatName, nodeConcat}})
}

// refuseSize raises an error for fn's result of size bytes when it passes
// the node's string limit. about qualifies the size ("", "up to ").
func refuseSize(L *lua.LState, fn, about string, size int64) {
	if limit := stringLimit(L); size > int64(limit) {
		L.RaiseError("%s: a result of %s%d bytes exceeds the node's string limit of %d bytes", fn, about, size, limit)
	}
}
