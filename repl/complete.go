package repl

import (
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/bindings"
)

// Complete returns completions for the word ending at pos in line: globals,
// fields after "." and methods after ":" (of tables and mesh objects), and
// node and link names inside a string.
func (r *REPL) Complete(line string, pos int) (head string, completions []string, tail string) {
	// The prompt waits with the network released: in real time, events
	// and the script functions they run (mesh.every) may change the
	// globals and the network, so completing holds it.
	sched := r.host.Net.Scheduler()
	sched.Hold()
	defer sched.Release()
	if pos > len(line) {
		pos = len(line)
	}
	start := pos
	for start > 0 && isWordByte(line[start-1]) {
		start--
	}
	head, word, tail := line[:start], line[start:pos], line[pos:]
	if start > 0 && (line[start-1] == '"' || line[start-1] == '\'') {
		var names []string
		for _, n := range r.host.Net.Nodes() {
			names = append(names, n.Name())
		}
		for _, l := range r.host.Net.Links() {
			names = append(names, l.Name())
		}
		return head, withPrefix(names, word, ""), tail
	}
	cut := strings.LastIndexAny(word, ".:")
	if cut < 0 {
		return head, withPrefix(keys(r.L.G.Global), word, ""), tail
	}
	base := r.lookup(word[:cut])
	if base == lua.LNil {
		return head, nil, tail
	}
	var names []string
	if t, ok := base.(*lua.LTable); ok {
		names = keys(t)
		if mt, ok := t.Metatable.(*lua.LTable); ok {
			if idx, ok := mt.RawGetString("__index").(*lua.LTable); ok {
				names = append(names, keys(idx)...)
			}
		}
	} else {
		fields, methods := bindings.ObjectNames(base)
		names = methods // obj:name( calls a method
		if word[cut] == '.' {
			names = append(fields, methods...)
		}
	}
	return head, withPrefix(names, word[cut+1:], word[:cut+1]), tail
}

// lookup evaluates a dotted path of names without running any code.
func (r *REPL) lookup(path string) lua.LValue {
	var v lua.LValue = r.L.G.Global
	for _, name := range strings.FieldsFunc(path, func(c rune) bool { return c == '.' || c == ':' }) {
		switch t := v.(type) {
		case *lua.LTable:
			v = t.RawGetString(name)
			if v == lua.LNil {
				if mt, ok := t.Metatable.(*lua.LTable); ok {
					if idx, ok := mt.RawGetString("__index").(*lua.LTable); ok {
						v = idx.RawGetString(name)
					}
				}
			}
		default:
			return lua.LNil
		}
	}
	return v
}

func keys(t *lua.LTable) []string {
	var ks []string
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok && isName(string(s)) {
			ks = append(ks, string(s))
		}
	})
	return ks
}

func withPrefix(names []string, prefix, lead string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] {
			seen[n] = true
			out = append(out, lead+n)
		}
	}
	sort.Strings(out)
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
