package luakit

import (
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// SyntaxError is a Lua chunk that does not parse, located as FILE:LINE.
type SyntaxError struct {
	File  string
	Line  int
	Msg   string
	AtEnd bool // the chunk ended too soon: more input could complete it
}

// Error formats the error as users see it.
func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Compile parses and compiles src, naming it name in messages, or returns a
// *SyntaxError.
func Compile(name, src string) (*lua.FunctionProto, error) {
	chunk, err := parse.Parse(strings.NewReader(src), name)
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			line := pe.Pos.Line
			msg := pe.Message
			atEnd := line == parse.EOF
			if atEnd {
				line = strings.Count(src, "\n") + 1
				msg += " at the end of the chunk"
			} else if pe.Token != "" {
				msg += fmt.Sprintf(" near '%s'", pe.Token)
			}
			return nil, &SyntaxError{File: name, Line: line, Msg: msg, AtEnd: atEnd}
		}
		return nil, err
	}
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		var ce *lua.CompileError
		if errors.As(err, &ce) {
			return nil, &SyntaxError{File: name, Line: ce.Line, Msg: ce.Message}
		}
		return nil, err
	}
	return proto, nil
}
