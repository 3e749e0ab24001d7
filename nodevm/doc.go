// Package nodevm is the sandboxed VM of a Lua node: the security boundary
// between the programs that run in a network and the user's own scripts.
//
// A node's program (Program, a runtime.Program) runs in its own gopher-lua
// VM, which opens only what a node needs (sandbox.go) and shares the
// library tables of every node read-only (shared.go), so VMs that run in
// parallel never write to what another reads. The node API (nodeapi.go,
// send.go), frames (frame.go, decode.go) and filters (filter.go) are the
// VM's only way out. Every call into a VM runs under a CPU-time budget
// (vmctx.go), its library calls are bounded (strlib.go, strsize.go,
// gsub.go, tablelib.go, concat.go, coroutine.go), its memory is measured
// across calls (memory.go, vmsize.go), and a Watchdog, one for all the VMs
// of a network, keeps the process under its memory limit and interrupts
// calls in progress.
//
// The host reaches a VM only through this API: Compile a Chunk, make a
// Program from a Config with New, Load it into its node, Call a function
// in it, AddFilter a filter chunk to it. Values cross only as copies
// (copy.go): no reference to a table, function or coroutine of one VM ever
// reaches another VM or the host.
package nodevm
