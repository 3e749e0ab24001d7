package capture

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Links captures the frames going onto every link of nw, those there now
// and those added later, under lim. If path ends in a path separator or
// names a folder, each link gets its own pcapng file in that folder (made
// if need be), called after the link: DIR/lan.pcapng. Otherwise path is
// one pcapng file with one interface per link, named after it, in the
// order the links were made. The files are complete when nw is flushed
// (at the end of every run) and closed.
func Links(nw *runtime.Network, path string, lim *Limit) error {
	if isFolder(path) {
		if err := os.MkdirAll(path, 0o755); err != nil {
			return fmt.Errorf("capture: %w", err)
		}
		d := &folder{dir: path, limit: lim, taken: map[string]bool{}}
		nw.TapLinks(d, d.linkFile)
		return nil
	}
	f, err := CreatePcapng(path, lim)
	if err != nil {
		return err
	}
	nw.TapLinks(f, func(l *runtime.Link) runtime.Tap { return f.AddInterface(l.Name()) })
	return nil
}

// isFolder reports whether Links makes a file per link in path.
func isFolder(path string) bool {
	fi, err := os.Stat(path)
	return path != "" && os.IsPathSeparator(path[len(path)-1]) || err == nil && fi.IsDir()
}

// LinksFile is the name of the file Links writes to path, or, for a
// folder, how the files in it are named (DIR/LINK.pcapng).
func LinksFile(path string) string {
	if isFolder(path) {
		return filepath.Join(path, "LINK.pcapng")
	}
	return path
}

// folder is a capture with a pcapng file per link, all under one limit.
type folder struct {
	dir   string
	limit *Limit
	files []*File
	taken map[string]bool // the files' names
	err   error           // the first file that could not be made
}

var _ runtime.TapSink = (*folder)(nil)

// linkFile makes the file of link l: the link's name with characters
// that may not be in a file's name %-escaped (a/b: a%2Fb.pcapng), and a
// number after it if an earlier link of that name (since removed) has the
// file (lan-2.pcapng). Once the limit has stopped the capture, links get
// no file.
func (d *folder) linkFile(l *runtime.Link) runtime.Tap {
	base := url.PathEscape(l.Name())
	name := base + ".pcapng"
	for i := 2; d.taken[name]; i++ {
		name = fmt.Sprintf("%s-%d.pcapng", base, i)
	}
	d.taken[name] = true
	if d.limit.reached {
		return nothing{} // no new file once the limit stopped the capture
	}
	f, err := CreatePcapng(filepath.Join(d.dir, name), d.limit)
	if err != nil {
		if d.err == nil {
			d.err = err
		}
		return nothing{}
	}
	d.files = append(d.files, f)
	return f.AddInterface(l.Name())
}

// nothing is the tap of a link whose file could not be made.
type nothing struct{}

func (nothing) Tap(time.Duration, *runtime.Frame) {}

// Flush flushes every file, and returns the first error, that of a file
// that could not be made first.
func (d *folder) Flush() error { return d.each((*File).Flush) }

// Close closes every file, and returns the first error as Flush does.
func (d *folder) Close() error { return d.each((*File).Close) }

// each calls fn on every file and returns the first error.
func (d *folder) each(fn func(*File) error) error {
	first := d.err
	for _, f := range d.files {
		if err := fn(f); err != nil && first == nil {
			first = err
		}
	}
	return first
}
