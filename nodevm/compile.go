package nodevm

import (
	"strings"

	"github.com/meshlua/meshlua/internal/luakit"
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"
)

// Chunk is the compiled source of a node program, filter or module: one
// Chunk runs in any number of node VMs.
type Chunk struct {
	name  string
	proto *lua.FunctionProto
}

// Name is the chunk's name in messages and tracebacks:
// "stdlib/programs/echo.lua", a path, or "[node]".
func (c *Chunk) Name() string { return c.name }

// Compile compiles the source of a node program, filter or module, naming
// it name, or returns the *luakit.SyntaxError that luakit.Compile gives
// for it. Every concatenation is made a call of nodeConcat, which refuses
// a result over the node's string limit: gopher-lua builds a chain
// `a .. b .. c` in one instruction that nothing can stop. The chunk starts
// by setting a local from nodeConcat's global, so that each concatenation
// calls an upvalue; the rewritten code keeps the lines of the source, so
// errors and tracebacks name the same lines.
func Compile(name, src string) (*Chunk, error) {
	chunk, err := parse.Parse(strings.NewReader(src), name)
	if err == nil {
		var proto *lua.FunctionProto
		if proto, err = lua.Compile(rewriteConcats(chunk), name); err == nil {
			return &Chunk{name: name, proto: proto}, nil
		}
	}
	if _, cerr := luakit.Compile(name, src); cerr != nil {
		return nil, cerr // the error as luakit.Compile words it
	}
	return nil, err
}

// rewriteConcats rewrites the concatenations of a chunk (see Compile).
func rewriteConcats(chunk []ast.Stmt) []ast.Stmt {
	r := concatRewriter{}
	r.stmts(chunk)
	if !r.found {
		return chunk
	}
	local := &ast.LocalAssignStmt{Names: []string{concatName}, Exprs: []ast.Expr{&ast.IdentExpr{Value: concatName}}}
	if len(chunk) > 0 {
		local.SetLine(chunk[0].Line())
		local.SetLastLine(chunk[0].Line())
	}
	return append([]ast.Stmt{local}, chunk...)
}

// concatRewriter replaces the concatenations of the statements and
// expressions it walks.
type concatRewriter struct {
	found bool // a concatenation was replaced
}

func (r *concatRewriter) stmts(stmts []ast.Stmt) {
	for _, s := range stmts {
		r.stmt(s)
	}
}

func (r *concatRewriter) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		r.exprs(s.Lhs)
		r.exprs(s.Rhs)
	case *ast.LocalAssignStmt:
		r.exprs(s.Exprs)
	case *ast.FuncCallStmt:
		s.Expr = r.expr(s.Expr)
	case *ast.DoBlockStmt:
		r.stmts(s.Stmts)
	case *ast.WhileStmt:
		s.Condition = r.expr(s.Condition)
		r.stmts(s.Stmts)
	case *ast.RepeatStmt:
		r.stmts(s.Stmts)
		s.Condition = r.expr(s.Condition)
	case *ast.IfStmt:
		s.Condition = r.expr(s.Condition)
		r.stmts(s.Then)
		r.stmts(s.Else)
	case *ast.NumberForStmt:
		s.Init, s.Limit, s.Step = r.expr(s.Init), r.expr(s.Limit), r.expr(s.Step)
		r.stmts(s.Stmts)
	case *ast.GenericForStmt:
		r.exprs(s.Exprs)
		r.stmts(s.Stmts)
	case *ast.FuncDefStmt:
		s.Name.Func = r.expr(s.Name.Func)
		s.Name.Receiver = r.expr(s.Name.Receiver)
		r.stmts(s.Func.Stmts)
	case *ast.ReturnStmt:
		r.exprs(s.Exprs)
	}
}

func (r *concatRewriter) exprs(es []ast.Expr) {
	for i, e := range es {
		es[i] = r.expr(e)
	}
}

// expr returns e with its concatenations replaced.
func (r *concatRewriter) expr(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.StringConcatOpExpr:
		return r.concat(e)
	case *ast.AttrGetExpr:
		e.Object, e.Key = r.expr(e.Object), r.expr(e.Key)
	case *ast.TableExpr:
		for _, f := range e.Fields {
			f.Key, f.Value = r.expr(f.Key), r.expr(f.Value)
		}
	case *ast.FuncCallExpr:
		e.Func, e.Receiver = r.expr(e.Func), r.expr(e.Receiver)
		r.exprs(e.Args)
	case *ast.LogicalOpExpr:
		e.Lhs, e.Rhs = r.expr(e.Lhs), r.expr(e.Rhs)
	case *ast.RelationalOpExpr:
		e.Lhs, e.Rhs = r.expr(e.Lhs), r.expr(e.Rhs)
	case *ast.ArithmeticOpExpr:
		e.Lhs, e.Rhs = r.expr(e.Lhs), r.expr(e.Rhs)
	case *ast.UnaryMinusOpExpr:
		e.Expr = r.expr(e.Expr)
	case *ast.UnaryNotOpExpr:
		e.Expr = r.expr(e.Expr)
	case *ast.UnaryLenOpExpr:
		e.Expr = r.expr(e.Expr)
	case *ast.FunctionExpr:
		r.stmts(e.Stmts)
	}
	return e
}

// concat returns the call that replaces the chain of concatenations e: its
// operands as gopher-lua's compiler gathers them into one instruction (the
// left operand, then down the right operands while they are
// concatenations). A chain of string constants is folded into one.
func (r *concatRewriter) concat(e *ast.StringConcatOpExpr) ast.Expr {
	var args []ast.Expr
	var cur ast.Expr = e
	for {
		c, ok := cur.(*ast.StringConcatOpExpr)
		if !ok {
			break
		}
		args = append(args, r.expr(c.Lhs))
		cur = c.Rhs
	}
	args = append(args, r.expr(cur))
	if folded, ok := foldStrings(args); ok {
		folded.SetLine(e.Line())
		folded.SetLastLine(e.LastLine())
		return folded
	}
	// The last operand is one value, as the operands of `..` are.
	switch last := args[len(args)-1].(type) {
	case *ast.FuncCallExpr:
		last.AdjustRet = true
	case *ast.Comma3Expr:
		last.AdjustRet = true
	}
	r.found = true
	fn := &ast.IdentExpr{Value: concatName}
	fn.SetLine(e.Line())
	fn.SetLastLine(e.Line())
	call := &ast.FuncCallExpr{Func: fn, Args: args}
	call.SetLine(e.Line())
	call.SetLastLine(e.LastLine())
	return call
}

// foldStrings returns the concatenation of args when they are all string
// constants.
func foldStrings(args []ast.Expr) (*ast.StringExpr, bool) {
	var b strings.Builder
	for _, a := range args {
		s, ok := a.(*ast.StringExpr)
		if !ok {
			return nil, false
		}
		b.WriteString(s.Value)
	}
	return &ast.StringExpr{Value: b.String()}, true
}

// Named is the chunk under another name, for a node that runs the same
// source as another: its code, constants and debug information are
// shared, only the name in messages and tracebacks is its own (the VM that
// runs it aliases the compiled name to it: see function). A program given
// inline as source is compiled once for every node that runs it.
func (c *Chunk) Named(name string) *Chunk {
	if name == c.name {
		return c
	}
	return &Chunk{name: name, proto: c.proto}
}

// function is the chunk as a function of L, named in L's messages and
// tracebacks as the chunk is, whatever name its code was compiled under.
func (c *Chunk) function(L *lua.LState) *lua.LFunction {
	if c.proto.SourceName != c.name {
		L.AliasSource(c.proto.SourceName, c.name)
	}
	return L.NewFunctionFromProto(c.proto)
}
