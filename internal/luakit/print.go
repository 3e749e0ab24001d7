package luakit

import lua "github.com/yuin/gopher-lua"

// JoinArgs is the line print writes, in scripts and in node VMs (and
// node.log): the arguments as tostring shows them, separated by tabs. A
// line over limit bytes (if limit > 0: a node's string limit) is refused
// before it is built.
func JoinArgs(L *lua.LState, limit int) string {
	buf := make([]byte, 0, 64)
	for i := 1; i <= L.GetTop(); i++ {
		if i > 1 {
			buf = append(buf, '\t')
		}
		s := L.ToStringMeta(L.Get(i)).String()
		if size := len(buf) + len(s); limit > 0 && size > limit {
			L.RaiseError("print: a line of %d bytes or more exceeds the node's string limit of %d bytes", size, limit)
		}
		buf = append(buf, s...)
	}
	return string(buf)
}
