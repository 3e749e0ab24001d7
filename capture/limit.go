package capture

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Limit is how many bytes the files of one capture may hold together. The
// record that would pass it is not written, nor any after it, in any of
// the capture's files: the files end whole, below the limit, and Reached
// is called once, with the network time of that record.
//
// A limit that rotates (Rotate > 0) is instead the size of each file: the
// record that would pass it starts the file again, after the full one is
// renamed to the next name of the file's rotation (name.1.pcapng, and
// that one to name.2.pcapng, and so on); Rotate files are kept, counting
// the one being written, and older ones removed. Reached is called at the
// first rotation.
type Limit struct {
	max     int64 // 0: no limit
	used    int64
	reached bool
	rotated bool // a file has been rotated (and Reached called)
	// Rotate is how many files of a rotation to keep, the one being
	// written included; 0 stops the capture at the limit instead.
	Rotate int
	// Reached is called when the limit stops the capture, or first rotates
	// a file (nil: nothing is said).
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
// limit, or started rotating its files (named as file is), given as size
// and set by how:
//
//	meshlua: --pcap all.pcapng: stopped at its size limit of 500MB (--pcap-limit) at 12.345678 s of network time; later frames are not captured
//	meshlua: --pcap all.pcapng: a file reached the size limit of 500MB (--pcap-limit) at 12.345678 s of network time; rotating: the newest 3 files are kept (all.pcapng, all.1.pcapng, ...)
func Notice(w io.Writer, what, size, how string, lim *Limit, file string) func(time.Duration) {
	return func(t time.Duration) {
		if lim.Rotate > 0 {
			fmt.Fprintf(w, "meshlua: %s: a file reached the size limit of %s (%s) at %s s of network time; rotating: the newest %d files are kept (%s, %s, ...)\n",
				what, size, how, runtime.FormatTime(t), lim.Rotate, file, RotatedName(file, 1))
			return
		}
		fmt.Fprintf(w, "meshlua: %s: stopped at its size limit of %s (%s) at %s s of network time; later frames are not captured\n",
			what, size, how, runtime.FormatTime(t))
	}
}

// RotatedName is the name of the i-th older file of path's rotation: the
// number before the extension (all.pcapng: all.1.pcapng; x.pcap: x.1.pcap;
// cap: cap.1). The 0th is path.
func RotatedName(path string, i int) string {
	if i == 0 {
		return path
	}
	ext := filepath.Ext(path)
	if strings.ContainsRune(ext, filepath.Separator) {
		ext = ""
	}
	return fmt.Sprintf("%s.%d%s", strings.TrimSuffix(path, ext), i, ext)
}
