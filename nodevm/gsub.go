package nodevm

import (
	"errors"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luapattern"
)

// nodeGsub is string.gsub(s, pattern, repl [, n]) for node VMs: repl is a
// string (with %0-%9), a table indexed by the first capture or a function
// called with the captures; a false or nil replacement keeps the match. n
// limits the replacements as gopher-lua does: below 0 there is no limit,
// and 0 means none unless the pattern matches at the first byte, then no
// limit.
// The result is built in one pass and refused as soon as it would pass the
// node's string limit.
func nodeGsub(L *lua.LState) int {
	s := L.CheckString(1)
	p := checkPattern(L, 2)
	L.CheckTypes(3, lua.LTString, lua.LTTable, lua.LTFunction)
	repl := L.Get(3)
	limit := L.OptInt(4, -1)
	m := getMatcher(L)
	defer putMatcher(m)
	g := gsubState{m: m, p: p, s: s, limit: stringLimit(L)}
	n := 0
	for pos := 0; pos <= len(s) && (limit <= 0 || n < limit); pos = m.Next() {
		var found bool
		if limit == 0 && n == 0 {
			found = m.matchAt(p, s, 0)
		} else {
			found = m.find(p, s, pos)
		}
		if !found {
			break
		}
		n++
		g.keep(m.Start())
		g.replace(repl)
		g.last = m.End()
		if p.Anchored() {
			break
		}
	}
	if n == 0 {
		L.Push(lua.LString(s))
	} else {
		g.keep(len(s))
		allocated(L, len(g.out))
		L.Push(lua.LString(g.out))
	}
	L.Push(lua.LNumber(n))
	return 2
}

// gsubState is gsub's result as it is built.
type gsubState struct {
	m     *nodeMatcher
	p     *luapattern.Pattern
	s     string
	out   []byte
	last  int // s[last:] is not yet in out
	limit int // the node's string limit
}

// keep appends s[last:end] to the result.
func (g *gsubState) keep(end int) {
	g.add(g.s[g.last:end])
	g.last = end
}

// add appends text to the result, unless it would pass the limit.
func (g *gsubState) add(text string) {
	if len(g.out)+len(text) > g.limit {
		g.tooLong()
	}
	g.out = append(g.out, text...)
}

func (g *gsubState) tooLong() {
	g.m.L.RaiseError("string.gsub: the result grows past the node's string limit of %d bytes", g.limit)
}

// replace appends the replacement of the match that m found.
func (g *gsubState) replace(repl lua.LValue) {
	L, m, p, s := g.m.L, g.m, g.p, g.s
	var v lua.LValue
	switch r := repl.(type) {
	case lua.LString:
		out, err := m.Expand(g.out, string(r), g.limit)
		if errors.Is(err, luapattern.ErrTooLong) {
			g.tooLong()
		} else if err != nil {
			L.RaiseError("%s", err.Error())
		}
		g.out = out
		return
	case *lua.LTable:
		if p.NumCaptures() == 0 {
			v = L.GetField(r, s[m.Start():m.End()])
		} else if start, end := m.Capture(0); p.IsPosition(0) {
			v = L.GetTable(r, lua.LNumber(start+1))
		} else {
			v = L.GetField(r, s[start:end])
		}
	case *lua.LFunction:
		L.Push(r)
		L.Call(m.pushCaptures(p, s), 1)
		v = L.Get(-1)
		L.Pop(1)
	}
	switch v := v.(type) {
	case lua.LString, lua.LNumber:
		g.add(v.String())
	case *lua.LNilType, lua.LBool:
		if v == lua.LTrue {
			L.RaiseError("invalid replacement value (a boolean)")
		}
		g.add(s[m.Start():m.End()])
	default:
		L.RaiseError("invalid replacement value (a %s)", v.Type().String())
	}
}
