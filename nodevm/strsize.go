package nodevm

import (
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/meshlua/meshlua/internal/luakit"
	lua "github.com/yuin/gopher-lua"
)

// The string functions of node VMs that build strings larger than their
// input (string.rep and string.format; table.concat, gsub and `..` are in
// their own files) compute the size of their result, or a bound of it,
// and refuse one over the node's string limit before allocating it.
// string.byte pushes one value a byte: it makes room for them at once, so
// that a long slice costs one allocation (or fails with "registry
// overflow") instead of growing the VM's stack step by step.

// sizeFuncs are the string functions of node VMs bounded here.
var sizeFuncs = []luakit.NamedFunc{
	{Name: "rep", Fn: nodeRep},
	{Name: "format", Fn: nodeFormat},
	{Name: "byte", Fn: nodeByte},
}

// nodeRep is string.rep(s, n).
func nodeRep(L *lua.LState) int {
	s := L.CheckString(1)
	n := L.CheckInt(2)
	if n <= 0 || s == "" {
		L.Push(lua.LString(""))
		return 1
	}
	if limit := stringLimit(L); n > limit/len(s) {
		size := new(big.Int).Mul(big.NewInt(int64(len(s))), big.NewInt(int64(n)))
		L.RaiseError("string.rep: a result of %s bytes exceeds the node's string limit of %d bytes", size, limit)
	}
	allocated(L, len(s)*n)
	L.Push(lua.LString(strings.Repeat(s, n)))
	return 1
}

// nodeByte is string.byte(s [, i [, j]]) as gopher-lua has it: without i,
// all the bytes of s; with i alone, the byte at i.
func nodeByte(L *lua.LState) int {
	s := L.CheckString(1)
	start := L.OptInt(2, 1) - 1
	end := L.OptInt(3, -1)
	if start < 0 {
		start += len(s) + 1
	}
	if end < 0 {
		end += len(s) + 1
	}
	if L.GetTop() == 2 {
		if start < 0 || start >= len(s) {
			return 0
		}
		L.Push(lua.LNumber(s[start]))
		return 1
	}
	start, end = max(start, 0), min(end, len(s))
	if end <= start {
		return 0
	}
	top := L.GetTop()
	L.SetTop(top + end - start) // room for every value at once
	L.SetTop(top)
	for i := start; i < end; i++ {
		L.Push(lua.LNumber(s[i]))
	}
	return end - start
}

// nodeFormat is string.format(format, ...), which gopher-lua hands to Go's
// fmt.Sprintf with as many arguments as format has '%' not in "%%".
func nodeFormat(L *lua.LState) int {
	format := L.CheckString(1)
	n := min(strings.Count(format, "%")-strings.Count(format, "%%"), L.GetTop()-1)
	values := make([]lua.LValue, n)
	args := make([]any, n)
	for i := range values {
		values[i] = L.Get(i + 2)
		args[i] = values[i]
	}
	refuseSize(L, "string.format", "up to ", formatSize(format, values))
	L.Push(lua.LString(fmt.Sprintf(format, args...)))
	return 1
}

// formatSize is a bound of the length of fmt.Sprintf(format, args...): the
// text between directives, and for each directive its width and precision
// and the longest the argument it formats can be, plus what fmt writes for
// its errors (a missing argument, a bad width, arguments left over).
func formatSize(format string, args []lua.LValue) int64 {
	var size int64
	arg, reordered := 0, false
	index := func(i int) int { // an argument index "[n]" at format[i], if any
		var ok bool
		arg, i, ok = formatIndex(format, i, arg)
		reordered = reordered || ok
		return i
	}
	for i := 0; i < len(format); {
		if format[i] != '%' {
			size++
			i++
			continue
		}
		i++
		sharp := false
		for i < len(format) && strings.IndexByte("#0+- ", format[i]) >= 0 {
			sharp = sharp || format[i] == '#'
			i++
		}
		i = index(i)
		var width, prec int64
		if i < len(format) && format[i] == '*' {
			arg, i = arg+1, i+1
		} else {
			width, i = formatNumber(format, i)
		}
		if i+1 < len(format) && format[i] == '.' {
			i = index(i + 1)
			if i < len(format) && format[i] == '*' {
				arg, i = arg+1, i+1
			} else {
				prec, i = formatNumber(format, i)
			}
		}
		i = index(i)
		size += width + prec + 32
		if i == len(format) {
			break
		}
		verb, n := utf8.DecodeRuneInString(format[i:])
		i += n
		if verb == '%' {
			continue
		}
		if arg < len(args) {
			size += argSize(args[arg], verb, sharp)
		}
		arg++
	}
	if !reordered {
		for _, a := range args[min(arg, len(args)):] { // "%!(EXTRA type=value, ...)"
			size += argSize(a, 'v', false) + 32
		}
	}
	return size
}

// formatIndex reads an argument index "[n]" at format[i], if there is one,
// and returns the argument it selects (from 0), the index after it and
// whether there was one (even a malformed one).
func formatIndex(format string, i, arg int) (int, int, bool) {
	if i == len(format) || format[i] != '[' {
		return arg, i, false
	}
	end := strings.IndexByte(format[i:], ']')
	if end < 0 {
		return arg, i + 1, true
	}
	if n, j := formatNumber(format, i+1); j == i+end && n > 0 {
		arg = int(n - 1)
	}
	return arg, i + end + 1, true
}

// formatNumber reads the decimal number at format[i] (0 if there is none,
// at most a billion) and returns it and the index after it.
func formatNumber(format string, i int) (int64, int) {
	var n int64
	for ; i < len(format) && '0' <= format[i] && format[i] <= '9'; i++ {
		n = min(n*10+int64(format[i]-'0'), 1e9)
	}
	return n, i
}

// argSize bounds the length of an argument of string.format formatted
// with verb, as gopher-lua's values format themselves. A string is at most
// four times its length quoted (%q, %#v) and five times in hexadecimal (%x
// with flags), a number at most 400 bytes plus its precision. A table is a short
// description with %s, %v, %x, %X, %q and %p, and else (Go prints the
// structure behind it) a dump of its keys and values; anything else is a
// short description or a small dump.
func argSize(v lua.LValue, verb rune, sharp bool) int64 {
	switch v := v.(type) {
	case lua.LString:
		switch {
		case verb == 'q' || verb == 'v' && sharp:
			return 4*int64(len(v)) + 2
		case verb == 'x' || verb == 'X':
			return 5*int64(len(v)) + 2
		}
		return int64(len(v)) + 64
	case lua.LNumber:
		return 400
	case *lua.LTable:
		if verb == 'p' || !sharp && strings.ContainsRune("vsxXq", verb) {
			return 128
		}
		return tableDumpSize(v)
	}
	return 4096
}

// tableDumpSize bounds the length of Go's dump of a table's structure, in
// which each key appears three times and a nested table is an address.
func tableDumpSize(t *lua.LTable) int64 {
	size := 1024 + 64*int64(t.MaxN())
	dumped := func(v lua.LValue) int64 {
		if s, ok := v.(lua.LString); ok {
			return 5*int64(len(s)) + 64
		}
		return 400
	}
	t.ForEach(func(k, v lua.LValue) { size += 3*dumped(k) + dumped(v) })
	return size
}
