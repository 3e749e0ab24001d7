package bindings

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/suggest"
)

// ColumnName is what a parameter's or a result's name must be: a letter or
// _, then letters, digits or _, so that it is a column of a sweep's
// tables and a Lua name.
var ColumnName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// SetParams gives the run's parameters, as --set NAME=VALUE wrote them:
// mesh.param reads them.
func (h *Host) SetParams(given map[string]string) { h.exp.given = given }

// UnreadParams says, for each parameter given that the script never read
// with mesh.param, in name order, that it was not read, and the name it
// most likely misspells among those read:
//
//	--set lose=0.1: the script never read a parameter "lose" (did you mean "loss"?)
func (h *Host) UnreadParams() []string {
	var read []string
	for _, p := range h.exp.read {
		read = append(read, p.name)
	}
	var msgs []string
	for name, value := range h.exp.given {
		if h.paramRead(name) {
			continue
		}
		msg := fmt.Sprintf("--set %s=%s: the script never read a parameter %q", name, value, name)
		if near := suggest.Typo(name, read); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		msgs = append(msgs, msg)
	}
	sort.Strings(msgs)
	return msgs
}

func (h *Host) paramRead(name string) bool {
	for _, p := range h.exp.read {
		if p.name == name {
			return true
		}
	}
	return false
}

// meshParam is mesh.param(name [, default]): the value --set gave the
// parameter, of the default's type, or else the default.
func (h *Host) meshParam(L *lua.LState) int {
	name := L.CheckString(1)
	if !ColumnName.MatchString(name) {
		L.ArgError(1, fmt.Sprintf("a parameter's name is a letter or _, then letters, digits or _ (got %q)", name))
	}
	def := L.Get(2)
	switch def.(type) {
	case *lua.LNilType, lua.LNumber, lua.LString, lua.LBool:
	default:
		L.ArgError(2, "the default must be a number, a string, a boolean or nil, got "+def.Type().String())
	}
	v := def
	if s, ok := h.exp.given[name]; ok {
		var err error
		if v, err = paramValue(s, def); err != nil {
			L.RaiseError("mesh.param: --set %s=%s: %v", name, s, err)
		}
	}
	if !h.paramRead(name) {
		h.exp.read = append(h.exp.read, namedValue{name, v})
	}
	L.Push(v)
	return 1
}

// paramValue reads s as a value of def's type: a number, true or false, or
// a string; without a default, whichever of them s is.
func paramValue(s string, def lua.LValue) (lua.LValue, error) {
	number := func() (lua.LValue, bool) {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return lua.LNumber(f), err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	}
	boolean := func() (lua.LValue, bool) {
		return lua.LBool(s == "true"), s == "true" || s == "false"
	}
	switch def.(type) {
	case lua.LNumber:
		if v, ok := number(); ok {
			return v, nil
		}
		return nil, fmt.Errorf("the parameter wants a number, like its default %v", def)
	case lua.LBool:
		if v, ok := boolean(); ok {
			return v, nil
		}
		return nil, fmt.Errorf("the parameter wants true or false, like its default %v", def)
	case lua.LString:
		return lua.LString(s), nil
	}
	if v, ok := number(); ok {
		return v, nil
	}
	if v, ok := boolean(); ok {
		return v, nil
	}
	return lua.LString(s), nil
}
