package repl

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Output gathers what the network and the script print while the user may
// be typing, and writes it out when Flush is called: before each prompt
// and when a chunk prints or runs the network (liner cannot print above a
// prompt being edited). It keeps at most limit bytes, dropping the oldest
// lines and saying how many bytes it dropped.
type Output struct {
	mu      sync.Mutex
	w       io.Writer
	buf     bytes.Buffer
	limit   int
	dropped int
}

// NewOutput gathers output for w, keeping at most limit bytes.
func NewOutput(w io.Writer, limit int) *Output { return &Output{w: w, limit: limit} }

// Write gathers p.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	if over := o.buf.Len() - o.limit; over > 0 {
		cut := over
		if i := bytes.IndexByte(o.buf.Bytes()[over:], '\n'); i >= 0 {
			cut = over + i + 1
		}
		o.buf.Next(cut)
		o.dropped += cut
	}
	return len(p), nil
}

// Flush writes out what was gathered.
func (o *Output) Flush() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dropped > 0 {
		fmt.Fprintf(o.w, "[%d bytes of earlier output dropped]\n", o.dropped)
		o.dropped = 0
	}
	_, err := o.buf.WriteTo(o.w)
	return err
}
