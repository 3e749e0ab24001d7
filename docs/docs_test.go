// Package docs holds meshlua's user documentation. Its test runs every
// ```lua example in docs/*.md and ../README.md and checks that the names
// meshlua exports are all documented.
package docs_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/bindings"
	_ "github.com/meshlua/meshlua/links/udp" // the udp link's examples run on this host's loopback
	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/stdlib"
)

var update = flag.Bool("update", false, "rewrite the ```output blocks of the docs from what their examples print")

// example is a ```lua block of a markdown file and the ```output block
// that follows it, if any.
type example struct {
	file      string
	line      int // the line of the ```lua fence, from 1
	src       string
	hasOutput bool
	output    string
	outFrom   int // the output block's content lines [outFrom, outTo) in the file, from 0
	outTo     int
}

// markdownFiles are the files whose examples must run.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no docs/*.md found")
	}
	return append(files, filepath.Join("..", "README.md"))
}

// examples extracts the ```lua blocks of a markdown text. A block opens with
// a line starting with ``` and closes with a line that is only ```; an
// ```output block directly after a ```lua block (blank lines between are
// allowed) holds what the example prints.
func examples(file, text string) ([]example, error) {
	lines := strings.Split(text, "\n")
	var out []example
	for i := 0; i < len(lines); i++ {
		info, ok := strings.CutPrefix(strings.TrimRight(lines[i], " \t"), "```")
		if !ok {
			continue
		}
		end, err := closing(file, lines, i)
		if err != nil {
			return nil, err
		}
		if info == "output" {
			return nil, fmt.Errorf("%s:%d: an ```output block must follow a ```lua block", file, i+1)
		}
		if info == "lua" {
			ex := example{file: file, line: i + 1, src: strings.Join(lines[i+1:end], "\n") + "\n"}
			j := end + 1
			for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
				j++
			}
			if j < len(lines) && strings.TrimRight(lines[j], " \t") == "```output" {
				oend, err := closing(file, lines, j)
				if err != nil {
					return nil, err
				}
				ex.hasOutput, ex.outFrom, ex.outTo = true, j+1, oend
				ex.output = strings.Join(lines[j+1:oend], "\n")
				end = oend
			}
			out = append(out, ex)
		}
		i = end
	}
	return out, nil
}

// closing returns the line of the fence that closes the block opened at
// line open.
func closing(file string, lines []string, open int) (int, error) {
	for j := open + 1; j < len(lines); j++ {
		if strings.TrimRight(lines[j], " \t") == "```" {
			return j, nil
		}
	}
	return 0, fmt.Errorf("%s:%d: the code block is never closed", file, open+1)
}

// run runs src as the command line runs a script called example.lua whose
// folder is dir, and returns everything it printed.
func run(dir, src string) (string, error) {
	var out bytes.Buffer
	h := bindings.NewHost(&out, dir)
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		return "", err
	}
	defer L.Close()
	err = h.RunChunk(L, "example.lua", src)
	if cerr := h.Close(); err == nil {
		err = cerr
	}
	if se, ok := err.(*bindings.ScriptError); ok && se.Trace != "" {
		err = fmt.Errorf("%s\n%s", se.Msg, se.Trace)
	}
	return out.String(), err
}

func normalise(s string) string { return strings.TrimRight(s, "\n") + "\n" }

func TestExamplesRunAndPrintTheirOutput(t *testing.T) {
	total := 0
	for _, file := range markdownFiles(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		exs, err := examples(file, string(b))
		if err != nil {
			t.Fatal(err)
		}
		total += len(exs)
		var stale []example // examples whose output block -update rewrites
		for _, ex := range exs {
			got, err := run(t.TempDir(), ex.src)
			if err != nil {
				t.Errorf("%s:%d: the example fails: %v\noutput so far:\n%s", ex.file, ex.line, err, got)
				continue
			}
			if !ex.hasOutput || normalise(got) == normalise(ex.output) {
				continue
			}
			if *update {
				ex.output = strings.TrimRight(got, "\n")
				stale = append(stale, ex)
				continue
			}
			t.Errorf("%s:%d: the example prints\n%s\nbut its ```output block says\n%s", ex.file, ex.line, got, normalise(ex.output))
		}
		if len(stale) > 0 {
			lines := strings.Split(string(b), "\n")
			for i := len(stale) - 1; i >= 0; i-- { // from the end, so earlier line numbers hold
				ex := stale[i]
				lines = append(lines[:ex.outFrom], append(strings.Split(ex.output, "\n"), lines[ex.outTo:]...)...)
			}
			if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: rewrote %d output blocks", file, len(stale))
		}
	}
	if total < 20 {
		t.Errorf("found only %d runnable examples", total)
	}
}

func TestExtractsBlocksAndLines(t *testing.T) {
	text := "# t\n```lua\nprint(1)\n```\n\n```output\n1\n```\n```\nnot lua\n```\n```lua\nprint(2)\n```\n"
	exs, err := examples("t.md", text)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 2 || exs[0].line != 2 || !exs[0].hasOutput || exs[0].output != "1" || exs[1].line != 12 || exs[1].hasOutput {
		t.Errorf("got %+v", exs)
	}
	if _, err := examples("t.md", "```lua\nprint(1)\n"); err == nil {
		t.Error("an unclosed block was not reported")
	}
}

// mustMention fails unless the doc file contains every one of names; a
// name may give alternatives separated by "|".
func mustMention(t *testing.T, file string, names []string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		found := false
		for _, alt := range strings.Split(name, "|") {
			// A name must end there: "mesh.links" does not document mesh.link
			// (a name ending in "(" ends there already).
			end := `($|[^A-Za-z0-9_])`
			if strings.HasSuffix(alt, "(") {
				end = ""
			}
			found = found || regexp.MustCompile(regexp.QuoteMeta(alt)+end).Match(b)
		}
		if !found {
			t.Errorf("%s does not document %s", file, strings.ReplaceAll(name, "|", " or "))
		}
	}
}

// tableKeys returns the keys of the table expr evaluates to in a script.
func tableKeys(t *testing.T, expr string) []string {
	t.Helper()
	L := evalScript(t, "return "+expr)
	var keys []string
	L.CheckTable(-1).ForEach(func(k, _ lua.LValue) { keys = append(keys, k.String()) })
	sort.Strings(keys)
	return keys
}

// objectFields names every field and method of node and link objects, as
// the docs may write them: "node.name|node:name", "link.set|link:set".
func objectFields(t *testing.T) []string {
	t.Helper()
	L := evalScript(t, `return mesh.node("n"), mesh.link("l")`)
	var names []string
	for i, kind := range []string{"node", "link"} {
		fields, methods := bindings.ObjectNames(L.Get(i + 1))
		fields = append(fields, methods...)
		if len(fields) == 0 {
			t.Fatalf("no fields for a %s object", kind)
		}
		for _, f := range fields {
			names = append(names, kind+"."+f+"|"+kind+":"+f)
		}
	}
	return names
}

func TestEveryNameIsDocumented(t *testing.T) {
	var meshNames, topoNames, stdlibNames, reasons []string
	meshFns := []string{"seed", "link", "node", "connect", "disconnect", "remove", "run", "now", "nodes", "links", "get", "stats", "capture", "topo"}
	for _, k := range append(meshFns, tableKeys(t, "mesh")...) {
		meshNames = append(meshNames, "mesh."+k)
	}
	for _, k := range append([]string{"line", "ring", "star", "grid", "full", "random"}, tableKeys(t, "mesh.topo")...) {
		topoNames = append(topoNames, "mesh.topo."+k)
	}
	for _, p := range stdlib.Programs() {
		stdlibNames = append(stdlibNames, "### `"+p+"`")
	}
	for _, f := range stdlib.Filters() {
		stdlibNames = append(stdlibNames, "### `"+f+"`")
	}
	for _, l := range stdlib.Libs() {
		stdlibNames = append(stdlibNames, "### `"+l+"`")
	}
	for r := runtime.Reason(0); r < runtime.NumReasons; r++ {
		reasons = append(reasons, "`"+r.String()+"`")
	}
	var deviceReasons []string
	for r := runtime.DeviceReason(0); r < runtime.NumDeviceReasons; r++ {
		deviceReasons = append(deviceReasons, "`"+r.String()+"`")
	}
	objects := []string{"node:call", "node:stats", "node:filter", "node:ports", "node.name", "node.program",
		"link:stats", "link:set", "link:down", "link:up", "link.name"}
	objects = append(objects, objectFields(t)...)
	nodeAPI := []string{"node.name", "node.args", "node.now", "node.ports", "node.send", "node.broadcast",
		"node.recv", "node.sleep", "node.after", "node.every", "node.log", "node.filter", "timer:cancel",
		"on_start", "on_frame", "on_stop", "main", "frame.src", "frame.dst", "frame.type", "frame.payload",
		"frame.port", "frame.len", "frame:decode"}

	mustMention(t, "mesh.md", append(meshNames, objects...))
	mustMention(t, "node.md", nodeAPI)
	mustMention(t, "stdlib.md", append(topoNames, stdlibNames...))
	mustMention(t, "concepts.md", reasons)
	mustMention(t, "links.md", deviceReasons)
	mustMention(t, "cli.md", []string{"--seed", "--version", "-e", "-i", "130", "--pcap", "--pcap-limit", "## meshlua export", "### Progress"})
	var helpers []string
	for _, h := range bindings.Helpers() {
		helpers = append(helpers, "### "+h+"(")
	}
	mustMention(t, "repl.md", helpers)
	if len(stdlib.Programs()) == 0 || len(stdlib.Filters()) == 0 || len(stdlib.Libs()) == 0 {
		t.Error("the stdlib lists no programs, filters or libraries")
	}
}

func TestIndexListsEveryPage(t *testing.T) {
	files, _ := filepath.Glob("*.md")
	var pages []string
	for _, f := range files {
		if f != "README.md" {
			pages = append(pages, "("+f+")")
		}
	}
	mustMention(t, "README.md", pages)
}

// slug is the anchor GitHub gives a heading: lower case, spaces as hyphens,
// punctuation left out.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors returns the anchors of a markdown text's headings, outside code
// blocks.
func anchors(text string) map[string]bool {
	a := map[string]bool{}
	inCode := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
			continue
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.TrimLeft(line, "#")
		base := slug(h)
		s := base
		for i := 1; a[s]; i++ {
			s = fmt.Sprintf("%s-%d", base, i)
		}
		a[s] = true
	}
	return a
}

var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

func TestLinksResolve(t *testing.T) {
	for _, file := range markdownFiles(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			text := b
			if path != "" {
				full := filepath.Join(filepath.Dir(file), path)
				if text, err = os.ReadFile(full); err != nil {
					if fi, serr := os.Stat(full); serr == nil && fi.IsDir() && anchor == "" {
						continue // a link to a folder
					}
					t.Errorf("%s: link %s: %v", file, target, err)
					continue
				}
			}
			if anchor != "" && !anchors(string(text))[anchor] {
				t.Errorf("%s: link %s: no heading has the anchor #%s", file, target, anchor)
			}
		}
	}
}

// evalScript runs src in a fresh script state and returns the state with
// src's results on its stack; the test's cleanup closes it.
func evalScript(t *testing.T, src string) *lua.LState {
	t.Helper()
	h := bindings.NewHost(&bytes.Buffer{}, t.TempDir())
	L, err := h.ScriptState(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { L.Close(); h.Close() })
	if err := L.DoString(src); err != nil {
		t.Fatal(err)
	}
	return L
}
