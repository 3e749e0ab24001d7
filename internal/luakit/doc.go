// Package luakit is what the node VMs (package nodevm) and the script host
// (package bindings) both need from gopher-lua: compiling chunks with
// meshlua's syntax errors, reading durations, rates, sizes, MAC addresses
// and tables of options as every Lua API of meshlua reads them, and the
// Lua values of the runtime's ports and numbers. It holds no state of a
// VM, so nothing in it can carry a reference from one VM to another.
package luakit
