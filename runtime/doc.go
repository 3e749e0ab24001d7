// Package runtime is meshlua's Go core: frames and their pool, ports, links
// with impairments and MAC learning, nodes with filter chains and programs,
// the event scheduler, and the network registry with its live-change
// operations. It knows nothing of Lua; node programs are the Program
// interface, implemented in Lua by package bindings and natively here.
package runtime
