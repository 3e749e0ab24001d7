package capture

import (
	"fmt"
	"io"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Limit is how many bytes the files of one capture may hold together. The
// record that would pass it is not written, nor any after it, in any of
// the capture's files: the files end whole, below the limit, and Reached
// is called once, with the network time of that record.
type Limit struct {
	max     int64 // 0: no limit
	used    int64
	reached bool
	// Reached is called when the limit stops the capture (nil: nothing is
	// said).
	Reached func(t time.Duration)
}

// NewLimit is a limit of max bytes; 0 is no limit.
func NewLimit(max int64) *Limit { return &Limit{max: max} }

// Max is the limit in bytes, 0 for none.
func (l *Limit) Max() int64 { return l.max }

// take counts n more bytes, written at network time t, and reports
// whether they are within the limit.
func (l *Limit) take(n int, t time.Duration) bool {
	if l.reached {
		return false
	}
	if l.max > 0 && l.used+int64(n) > l.max {
		l.reached = true
		if l.Reached != nil {
			l.Reached(t)
		}
		return false
	}
	l.used += int64(n)
	return true
}

// add counts n bytes that are written whatever the limit (file headers).
func (l *Limit) add(n int) { l.used += int64(n) }

// DefaultLimit is the size limit of a capture that is given none: 1 GiB,
// so that a capture left running does not fill the disk.
const DefaultLimit = 1 << 30

// Notice is a Reached that says on w that the capture what stopped at its
// limit, given as size and set by how:
//
//	meshlua: --pcap all.pcapng: stopped at its size limit of 500MB (--pcap-limit) at 12.345678 s of network time; later frames are not captured
func Notice(w io.Writer, what, size, how string) func(time.Duration) {
	return func(t time.Duration) {
		fmt.Fprintf(w, "meshlua: %s: stopped at its size limit of %s (%s) at %s s of network time; later frames are not captured\n",
			what, size, how, runtime.FormatTime(t))
	}
}
