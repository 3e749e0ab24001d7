// Package repl is meshlua's interactive loop: it reads Lua from a Prompter
// (a terminal through peterh/liner, or a test double), prints the values of
// expressions, continues unfinished statements on a ">>" prompt, and lets
// Ctrl-C stop what is running without losing the network.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/runtime"
)

// ErrAborted is what a Prompter returns when the user presses Ctrl-C at
// the prompt.
var ErrAborted = errors.New("aborted")

// ErrStopped is what Run returns when Stop ended the session.
var ErrStopped = errors.New("the session was stopped")

// Prompter reads lines from the user.
type Prompter interface {
	// Prompt shows prompt and returns the line typed, ErrAborted on Ctrl-C
	// or io.EOF on Ctrl-D.
	Prompt(prompt string) (string, error)
	// AppendHistory records a finished chunk.
	AppendHistory(chunk string)
}

// REPL evaluates chunks in a script VM over a host's network.
type REPL struct {
	host *bindings.Host
	L    *lua.LState
	out  io.Writer // the host's output, flushed before every prompt
	errw io.Writer
	// Interrupts delivers Ctrl-C pressed while a chunk runs (SIGINT); nil
	// when the caller has no signals to give.
	Interrupts <-chan struct{}
	// Stop, once closed, ends the session (SIGTERM, SIGHUP): the chunk that
	// runs is stopped, and Run returns ErrStopped instead of waiting at the
	// prompt; nil when nothing ends the session from outside.
	Stop <-chan struct{}
}

// New returns a REPL over host, evaluating in L (a script state of host)
// and writing results to out and errors to errw.
func New(host *bindings.Host, L *lua.LState, out, errw io.Writer) *REPL {
	r := &REPL{host: host, L: L, out: out, errw: errw}
	L.SetGlobal("show", L.NewFunction(r.show))
	return r
}

// show is show(v [, levels]): prints v as an expression's value prints,
// with tables shown levels deep (default 6) rather than two.
func (r *REPL) show(L *lua.LState) int {
	v := L.CheckAny(1)
	levels := L.OptInt(2, 6)
	if levels < 1 {
		L.ArgError(2, "levels must be at least 1")
	}
	fmt.Fprintln(r.out, FormatDepth(L, v, levels))
	return 0
}

func (r *REPL) prompt(continued bool) string {
	if continued {
		return ">> "
	}
	return fmt.Sprintf("mesh %ss> ", runtime.FormatTime(r.host.Net.Now()))
}

// Welcome is the line a session in a terminal starts with.
const Welcome = "meshlua: type Lua; help() lists what there is, help(mesh.link) tells about one; Ctrl-D ends"

// Run reads and evaluates chunks until the Prompter returns io.EOF or
// Stop is closed.
func (r *REPL) Run(p Prompter) error {
	var pending []string
	for {
		r.flush()
		// Between prompts a real-time network runs on; a chunk runs holding it.
		prompt := r.prompt(len(pending) > 0)
		var line string
		var err error
		r.host.LetRun(func() { line, err = r.read(p, prompt) })
		switch {
		case errors.Is(err, ErrAborted):
			pending = nil // Ctrl-C clears the line or the unfinished chunk
			continue
		case errors.Is(err, io.EOF):
			if len(pending) > 0 {
				pending = nil
				continue
			}
			return nil
		case err != nil:
			return err
		}
		pending = append(pending, line)
		chunk := strings.Join(pending, "\n")
		if strings.TrimSpace(chunk) == "" {
			pending = nil
			continue
		}
		fn, err := r.compile(chunk)
		if err != nil {
			var se *bindings.SyntaxError
			if errors.As(err, &se) && se.AtEnd {
				continue // unfinished: read more on a ">>" prompt
			}
			fmt.Fprintln(r.errw, err)
			p.AppendHistory(chunk)
			pending = nil
			continue
		}
		p.AppendHistory(chunk)
		pending = nil
		r.eval(fn)
	}
}

// read prompts for a line. With a Stop channel the Prompter waits in a
// goroutine of its own, so that Stop ends the wait; the Prompter is then
// left waiting, as the session is over.
func (r *REPL) read(p Prompter, prompt string) (string, error) {
	if r.Stop == nil {
		return p.Prompt(prompt)
	}
	select {
	case <-r.Stop:
		return "", ErrStopped
	default:
	}
	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := p.Prompt(prompt)
		got <- result{line, err}
	}()
	select {
	case res := <-got:
		return res.line, res.err
	case <-r.Stop:
		return "", ErrStopped
	}
}

// compile tries chunk as an expression first, so its value prints, then as
// statements. The error is the statements' one, marked AtEnd if either form
// could still be completed by more input. "=expr" is an expression, as in
// Lua 5.1's own REPL.
func (r *REPL) compile(chunk string) (*lua.FunctionProto, error) {
	if rest, ok := strings.CutPrefix(strings.TrimLeft(chunk, " \t"), "="); ok {
		chunk = rest
	}
	proto, exprErr := bindings.Compile("stdin", "return "+chunk)
	if exprErr == nil {
		return proto, nil
	}
	proto, err := bindings.Compile("stdin", chunk)
	var se, ee *bindings.SyntaxError
	if errors.As(err, &se) && errors.As(exprErr, &ee) && ee.AtEnd {
		se.AtEnd = true
	}
	return proto, err
}

// eval runs fn, printing its results or its error; Ctrl-C and Stop
// interrupt it: the chunk, the network's run and the node calls in
// progress.
func (r *REPL) eval(proto *lua.FunctionProto) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r.L.SetContext(ctx)
	defer r.L.RemoveContext()
	// A Ctrl-C belongs to the chunk it was pressed in.
	r.host.Net.Scheduler().ClearInterrupt()
	select {
	case <-r.Interrupts:
	default:
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-r.Interrupts:
		case <-r.Stop:
		case <-done:
			return
		}
		cancel()
		Interrupt(r.host, HungCall, done)
	}()
	r.flush()
	top := r.L.GetTop()
	r.L.Push(r.L.NewFunctionFromProto(proto))
	err := r.L.PCall(0, lua.MultRet, nil)
	r.flush()
	if err != nil {
		if ctx.Err() != nil {
			select {
			case <-r.Stop: // the session ends, and its caller says why
			default:
				fmt.Fprintln(r.errw, "interrupted")
			}
		} else {
			var ae *lua.ApiError
			if errors.As(err, &ae) {
				fmt.Fprintln(r.errw, ae.Object.String())
			} else {
				fmt.Fprintln(r.errw, err)
			}
		}
		r.L.SetTop(top)
		return
	}
	n := r.L.GetTop() - top
	if n > 0 {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = Format(r.L, r.L.Get(top+1+i))
		}
		fmt.Fprintln(r.out, strings.Join(vals, "\t"))
	}
	r.L.SetTop(top)
	r.flush()
}

func (r *REPL) flush() {
	if f, ok := r.out.(interface{ Flush() error }); ok {
		f.Flush()
	}
}
