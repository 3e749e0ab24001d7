// Package bindings is everything in meshlua that touches gopher-lua: the
// sandboxed node VMs and their node API, the Lua program and filter that run
// in them, frame userdata, and the mesh module that scripts use to build and
// drive a network.
package bindings
