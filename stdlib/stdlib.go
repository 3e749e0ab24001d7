// Package stdlib holds the Lua modules shipped inside meshlua: node programs
// (programs/), filters (filters/), the libraries they share and node programs
// may require (lib/), and the topology builders (topo.lua).
package stdlib

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

//go:embed programs/*.lua filters/*.lua lib/*.lua lib/*/*.lua topo.lua radio.lua helpers.lua
var files embed.FS

// Program returns the source of the stdlib program called name.
func Program(name string) (string, bool) { return read("programs/" + name + ".lua") }

// Filter returns the source of the stdlib filter called name.
func Filter(name string) (string, bool) { return read("filters/" + name + ".lua") }

// Lib returns the source of the module called name that node programs may
// require; a dot in name is a folder, as in Lua ("routing.dv" is
// lib/routing/dv.lua).
func Lib(name string) (string, bool) {
	return read("lib/" + strings.ReplaceAll(name, ".", "/") + ".lua")
}

// Topo returns the source of the topology builders, mesh.topo.
func Topo() string { s, _ := read("topo.lua"); return s }

// Radio returns the source of the radio medium and mobility helpers,
// mesh.radio and mesh.waypoints.
func Radio() string { s, _ := read("radio.lua"); return s }

// Helpers returns the source of the REPL and script helpers (nodes, links,
// net, stats).
func Helpers() string { s, _ := read("helpers.lua"); return s }

// Programs lists the stdlib programs by name.
func Programs() []string { return list("programs") }

// Filters lists the stdlib filters by name.
func Filters() []string { return list("filters") }

// Libs lists by name the modules that node programs may require, those in
// folders by dotted names ("routing.dv").
func Libs() []string {
	var names []string
	fs.WalkDir(files, "lib", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			name := strings.TrimSuffix(strings.TrimPrefix(path, "lib/"), ".lua")
			names = append(names, strings.ReplaceAll(name, "/", "."))
		}
		return nil
	})
	sort.Strings(names)
	return names
}

// sources holds every embedded file as a string, made once: a network of
// 100,000 nodes asks for its program 100,000 times.
var sources = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := files.ReadFile(path)
			m[path] = string(b)
		}
		return nil
	})
	return m
})

func read(path string) (string, bool) {
	s, ok := sources()[path]
	return s, ok
}

func list(dir string) []string {
	entries, _ := fs.ReadDir(files, dir)
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".lua"))
	}
	sort.Strings(names)
	return names
}
