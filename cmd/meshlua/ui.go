package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/ui"
)

// uiOptions are --ui, --ui-control and --ui-public: the live web view.
type uiOptions struct {
	addr    string // "" for none
	control bool
	public  bool
}

// flags adds the web view's options to fs.
func (u *uiOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&u.addr, "ui", "", "serve the live web view at `ADDR` (HOST:PORT, loopback unless --ui-public; port 0: a free one)")
	fs.BoolVar(&u.control, "ui-control", false, "let the web view take links down and up, and pause the network")
	fs.BoolVar(&u.public, "ui-public", false, "let --ui serve an address that is not loopback (other machines see the network)")
}

// start serves the web view of h's network, if asked for, and says where
// on stderr. Its error is bad usage.
func (u *uiOptions) start(h *bindings.Host, stderr io.Writer) error {
	if u.addr == "" {
		for _, f := range []struct {
			set  bool
			name string
		}{{u.control, "--ui-control"}, {u.public, "--ui-public"}} {
			if f.set {
				return fmt.Errorf("%s: there is no web view: add --ui ADDR", f.name)
			}
		}
		return nil
	}
	url, err := h.ServeUI(u.addr, ui.Options{Control: u.control, Public: u.public})
	if errors.Is(err, ui.ErrNotLoopback) {
		return fmt.Errorf("--ui %w: add --ui-public to serve other machines", err)
	}
	if err != nil {
		return fmt.Errorf("--ui: %w", err)
	}
	how := "read-only"
	if u.control {
		how = "with control"
	}
	fmt.Fprintf(stderr, "meshlua: web view at %s (%s)\n", url, how)
	return nil
}

// serveOn keeps a script's web view, if one is served, after the script
// ended, until a signal (Ctrl-C): the network stays to look at, as -i
// keeps it for the REPL. The signal ends the wait, not the run: meshlua
// then exits with the script's status.
func (s *session) serveOn() {
	url := s.host.UIURL()
	if url == "" {
		return
	}
	s.out.Flush()
	fmt.Fprintf(s.stderr, "meshlua: the script ended; the web view stays at %s until Ctrl-C\n", url)
	stop := make(chan struct{})
	var once sync.Once
	s.sigs.on(func(os.Signal) bool {
		once.Do(func() { close(stop) })
		return false
	})
	s.host.LetRun(func() { <-stop })
}
