package nodevm

import (
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/internal/luapattern"
)

// The pattern functions of node VMs: string.find, match, gmatch and gsub
// with gopher-lua's results, on meshlua's own matcher
// (internal/luapattern), which charges the node's budget as it goes, so
// that a runaway match stops when the call's budget is spent or the run is
// interrupted, and nests its backtracking at most 200 deep. gsub builds its
// result in one pass and refuses one over the node's string limit.
//
// They differ from gopher-lua's where gopher-lua fails: the malformed
// patterns of the luapattern package comment are errors; string.find with
// plain = true and init past the end gives nil (gopher-lua crashes);
// gmatch returns one iterator function, which may also be called outside a
// for loop, and finds each match when asked; a gsub replacement that is not
// a string, a number, false or nil is an error, "invalid replacement value
// (a table)", as in Lua (gopher-lua replaces the match with "").

// patternFuncs are the pattern functions of node VMs.
var patternFuncs = []luakit.NamedFunc{
	{Name: "find", Fn: nodeFind},
	{Name: "match", Fn: nodeMatch},
	{Name: "gmatch", Fn: nodeGmatch},
	{Name: "gfind", Fn: nodeGmatch},
	{Name: "gsub", Fn: nodeGsub},
}

// nodeMatcher is a pattern matcher that charges the budget of a node VM.
type nodeMatcher struct {
	luapattern.Matcher
	L *lua.LState // the VM (or coroutine) the matcher runs for now
}

// newMatcher returns a matcher whose Check charges the budget of its L.
func newMatcher() *nodeMatcher {
	m := &nodeMatcher{}
	m.Check = func(steps int) error {
		charge(m.L, steps)
		return nil
	}
	return m
}

var matchers = sync.Pool{New: func() any { return newMatcher() }}

// getMatcher returns a matcher that charges L, from the pool; putMatcher
// gives it back.
func getMatcher(L *lua.LState) *nodeMatcher {
	m := matchers.Get().(*nodeMatcher)
	m.L = L
	return m
}

func putMatcher(m *nodeMatcher) {
	m.L = nil
	matchers.Put(m)
}

// checkPattern compiles argument n as a pattern or raises its error.
func checkPattern(L *lua.LState, n int) *luapattern.Pattern {
	p, err := luapattern.Cached(L.CheckString(n))
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
	return p
}

// find runs m.Find and raises the error that stopped it, if any.
func (m *nodeMatcher) find(p *luapattern.Pattern, s string, init int) bool {
	return m.raise(m.Find(p, s, init))
}

// matchAt runs m.MatchAt and raises the error that stopped it, if any.
func (m *nodeMatcher) matchAt(p *luapattern.Pattern, s string, at int) bool {
	return m.raise(m.MatchAt(p, s, at))
}

// raise raises err, if not nil, and returns ok.
func (m *nodeMatcher) raise(ok bool, err error) bool {
	if err != nil {
		m.L.RaiseError("%s", err.Error())
	}
	return ok
}

// pushCapture pushes capture n of the last match: its text, or its
// position from 1.
func (m *nodeMatcher) pushCapture(p *luapattern.Pattern, s string, n int) {
	start, end := m.Capture(n)
	if p.IsPosition(n) {
		m.L.Push(lua.LNumber(start + 1))
	} else {
		m.L.Push(lua.LString(s[start:end]))
	}
}

// pushCaptures pushes the captures of the last match, or the whole match
// if the pattern has none, and returns how many values it pushed.
func (m *nodeMatcher) pushCaptures(p *luapattern.Pattern, s string) int {
	if p.NumCaptures() == 0 {
		m.L.Push(lua.LString(s[m.Start():m.End()]))
		return 1
	}
	for i := 0; i < p.NumCaptures(); i++ {
		m.pushCapture(p, s, i)
	}
	return p.NumCaptures()
}

// nodeFind is string.find(s, pattern [, init [, plain]]).
func nodeFind(L *lua.LState) int {
	s := L.CheckString(1)
	if pat := L.CheckString(2); pat == "" {
		L.Push(lua.LNumber(1))
		L.Push(lua.LNumber(0))
		return 2
	}
	init := startIndex(s, L.OptInt(3, 1))
	if L.GetTop() == 4 && lua.LVAsBool(L.Get(4)) {
		pat := L.CheckString(2)
		i := -1
		if init <= len(s) {
			i = strings.Index(s[init:], pat)
		}
		if i < 0 {
			L.Push(lua.LNil)
			return 1
		}
		L.Push(lua.LNumber(init + i + 1))
		L.Push(lua.LNumber(init + i + len(pat)))
		return 2
	}
	p := checkPattern(L, 2)
	m := getMatcher(L)
	defer putMatcher(m)
	if !m.find(p, s, init) {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LNumber(m.Start() + 1))
	L.Push(lua.LNumber(m.End()))
	for i := 0; i < p.NumCaptures(); i++ {
		m.pushCapture(p, s, i)
	}
	return 2 + p.NumCaptures()
}

// startIndex turns the init argument of find and match (from 1, negative
// from the end) into a byte index from 0, as gopher-lua does.
func startIndex(s string, init int) int {
	if init != 0 {
		init--
	}
	if init < 0 {
		init += len(s) + 1
	}
	return max(init, 0)
}

// nodeMatch is string.match(s, pattern [, init]). Like gopher-lua's, it
// returns no value at all when nothing matches.
func nodeMatch(L *lua.LState) int {
	s := L.CheckString(1)
	p := checkPattern(L, 2)
	init := startIndex(s, L.OptInt(3, 1))
	m := getMatcher(L)
	defer putMatcher(m)
	if !m.find(p, s, init) {
		return 0
	}
	return m.pushCaptures(p, s)
}

// nodeGmatch is string.gmatch(s, pattern): an iterator over the matches.
func nodeGmatch(L *lua.LState) int {
	s := L.CheckString(1)
	p := checkPattern(L, 2)
	m := newMatcher()
	pos := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		if pos > len(s) {
			return 0
		}
		m.L = L
		if !m.find(p, s, pos) {
			pos = len(s) + 1
			return 0
		}
		pos = m.Next()
		if p.Anchored() {
			pos = len(s) + 1
		}
		return m.pushCaptures(p, s)
	}))
	return 1
}
