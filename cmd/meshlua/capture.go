package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/capture"
	"github.com/meshlua/meshlua/internal/luakit"
)

// captureOptions are --pcap, --pcap-limit and --pcap-rotate: a capture of
// every link.
type captureOptions struct {
	path   string // "" for none
	limit  limitValue
	rotate int // files to keep; 0: stop at the limit
}

// flags adds the capture's options to fs.
func (c *captureOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.path, "pcap", "",
		"capture every link to `FILE`, pcapng with an interface per link (DIR/: a file per link)")
	fs.Var(&c.limit, "pcap-limit",
		fmt.Sprintf("the capture stops when its files hold `SIZE` (default %s; 0: no limit)", luakit.FormatBytes(capture.DefaultLimit)))
	fs.IntVar(&c.rotate, "pcap-rotate", 0,
		"rotate instead of stopping: each file holds up to --pcap-limit, and the newest `N` files are kept (all.pcapng, all.1.pcapng, ...)")
}

// start starts the capture on h's network, if one was asked for; mesh
// says on stderr when a capture reaches its limit.
func (c *captureOptions) start(h *bindings.Host, stderr io.Writer) error {
	h.SetStderr(stderr)
	if c.path == "" {
		switch {
		case c.limit.set:
			return errors.New("--pcap-limit: there is no capture to limit: add --pcap FILE")
		case c.rotate != 0:
			return errors.New("--pcap-rotate: there is no capture to rotate: add --pcap FILE")
		}
		return nil
	}
	max, size, how := int64(capture.DefaultLimit), luakit.FormatBytes(capture.DefaultLimit), "the default of --pcap-limit"
	if c.limit.set {
		max, size, how = c.limit.n, c.limit.text, "--pcap-limit"
	}
	switch {
	case c.rotate < 0:
		return fmt.Errorf("--pcap-rotate: want a number of files >= 1, got %d", c.rotate)
	case c.rotate > 0 && max == 0:
		return errors.New("--pcap-rotate: files rotate at a size limit, and --pcap-limit 0 is none")
	}
	lim := capture.NewLimit(max)
	lim.Rotate = c.rotate
	lim.Reached = capture.Notice(stderr, "--pcap "+c.path, size, how, lim, capture.LinksFile(c.path))
	if err := capture.Links(h.Net, c.path, lim); err != nil {
		return fmt.Errorf("--pcap: %w", err)
	}
	return nil
}

// limitValue is the value of --pcap-limit: a size as luakit.ParseSize
// reads it ("500MB"), 0 for none.
type limitValue struct {
	n    int64
	text string // as given
	set  bool
}

// String is the limit as given.
func (v *limitValue) String() string { return v.text }

// Set reads the limit.
func (v *limitValue) Set(s string) error {
	n, err := luakit.ParseSize(s)
	if err != nil {
		return err
	}
	v.n, v.text, v.set = n, s, true
	return nil
}
