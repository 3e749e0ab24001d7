// Package docs holds meshlua's user documentation, embedded so that help()
// in the REPL and in scripts can show it.
package docs

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.md
var files embed.FS

// Section returns the part of the docs under the heading that documents
// name ("mesh.link", "node:call", "pingall"): the heading and its text up to
// the next heading of the same or a higher level.
func Section(name string) (string, bool) {
	for _, page := range pages() {
		b, _ := files.ReadFile(page)
		lines := strings.Split(string(b), "\n")
		for i, line := range lines {
			level := headingLevel(line)
			if level < 2 || !documents(line[level+1:], name) {
				continue
			}
			end := i + 1
			for end < len(lines) && (headingLevel(lines[end]) == 0 || headingLevel(lines[end]) > level) {
				end++
			}
			return strings.TrimSpace(strings.Join(lines[i:end], "\n")) + "\n(from docs/" + page + ")", true
		}
	}
	return "", false
}

// Row returns the row of a table in the docs that documents name (its
// first cell is name or a call of it, as mesh.topo's builders are), and
// the page it is on.
func Row(name string) (string, bool) {
	for _, page := range pages() {
		b, _ := files.ReadFile(page)
		for _, line := range strings.Split(string(b), "\n") {
			cell, _, ok := strings.Cut(strings.TrimPrefix(line, "| "), " |")
			if ok && strings.HasPrefix(line, "| ") && documents(cell, name) {
				return strings.TrimSpace(line) + "\n(from docs/" + page + ")", true
			}
		}
	}
	return "", false
}

// Headings lists the names the docs have sections for, for help().
func Headings() []string {
	var hs []string
	for _, page := range pages() {
		b, _ := files.ReadFile(page)
		for _, line := range strings.Split(string(b), "\n") {
			if level := headingLevel(line); level >= 2 {
				hs = append(hs, strings.Trim(line[level+1:], "`"))
			}
		}
	}
	return hs
}

func pages() []string {
	names, _ := fs.Glob(files, "*.md")
	sort.Strings(names)
	return names
}

func headingLevel(line string) int {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n >= len(line) || line[n] != ' ' {
		return 0
	}
	return n
}

// documents reports whether a heading such as "mesh.link(name, opts) ->
// link" or "node.after(duration, fn) -> timer, node.every(period, fn)"
// documents name.
func documents(heading, name string) bool {
	heading = strings.ReplaceAll(heading, "`", "")
	for _, part := range strings.Split(heading, ", ") {
		part = strings.TrimSpace(part)
		if part == name || strings.HasPrefix(part, name+"(") || strings.HasPrefix(part, name+"{") || strings.HasPrefix(part, name+" ") ||
			strings.HasSuffix(part, "("+name+")") { // "Topology builders (mesh.topo)"
			return true
		}
	}
	return false
}
