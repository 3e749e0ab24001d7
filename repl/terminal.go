package repl

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/peterh/liner"
)

// Terminal is the Prompter for a real terminal: line editing, completion
// and history kept in the user's config folder (mode 0600).
type Terminal struct {
	line    *liner.State
	history string
}

var _ Prompter = (*Terminal)(nil)

// NewTerminal opens the terminal for r, completing with r.Complete, and
// loads the history.
func NewTerminal(r *REPL) *Terminal {
	t := &Terminal{line: liner.NewLiner()}
	t.line.SetCtrlCAborts(true)
	t.line.SetMultiLineMode(true)
	t.line.SetWordCompleter(r.Complete)
	t.line.SetTabCompletionStyle(liner.TabPrints) // several candidates: list them
	if dir, err := os.UserConfigDir(); err == nil {
		t.history = filepath.Join(dir, "meshlua", "history")
		if f, err := os.Open(t.history); err == nil {
			t.line.ReadHistory(f)
			f.Close()
		}
	}
	return t
}

// Prompt reads a line.
func (t *Terminal) Prompt(prompt string) (string, error) {
	s, err := t.line.Prompt(prompt)
	if errors.Is(err, liner.ErrPromptAborted) {
		return "", ErrAborted
	}
	return s, err
}

// AppendHistory records a chunk in the history.
func (t *Terminal) AppendHistory(chunk string) { t.line.AppendHistory(chunk) }

// Close saves the history and gives the terminal back.
func (t *Terminal) Close() error {
	var err error
	if t.history != "" {
		if err = os.MkdirAll(filepath.Dir(t.history), 0o700); err == nil {
			var f *os.File
			if f, err = os.OpenFile(t.history, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600); err == nil {
				_, err = t.line.WriteHistory(f)
				f.Close()
			}
		}
	}
	if cerr := t.line.Close(); err == nil {
		err = cerr
	}
	return err
}

// Interactive reports whether standard input is a terminal, where a user
// types, rather than a pipe or a file.
func Interactive() bool {
	fi, err := os.Stdin.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
