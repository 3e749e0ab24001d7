// Command meshlua runs mesh-network experiments written in Lua.
//
//	meshlua                      open the REPL on an empty network
//	meshlua FILE.lua [ARGS...]   run a script (ARGS in the global table arg)
//	meshlua -e 'CHUNK'           run a chunk of Lua
//	meshlua -i FILE.lua          run the script, then open the REPL
//	meshlua --seed N ...         the run's seed (overrides mesh.seed)
//	meshlua --version
//	meshlua bench [NAME...]      measure the performance figures
//
// Exit status: 0 success; 1 error while running; 2 bad usage or a syntax
// error (FILE:LINE: message); 130, 143, 129 ended by SIGINT, SIGTERM,
// SIGHUP (output and captures complete; see signals.go).
package main

import (
	"fmt"
	"os"
	"runtime/debug"
)

// version is the release, set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	if os.Getenv("GOGC") == "" {
		// Most of a network's heap is long-lived: node VMs, ports, links.
		// Collecting when the heap has tripled rather than doubled halves
		// the collector's work while a big network is built, for memory.
		debug.SetGCPercent(200)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: meshlua [--seed N] [-i] [-e CHUNK] [FILE.lua [ARGS...]]
       meshlua --version
       meshlua bench [--json] [--quick] [NAME...]   (meshlua bench -h)
  (no FILE)   open the REPL on an empty network
  FILE.lua    run a script; ARGS go to the global table arg
              (a name like "quickstart" runs the embedded example)
  -e CHUNK    run a chunk of Lua (before FILE, if both are given)
  -i          open the REPL after the script
  --seed N    the run's seed; overrides mesh.seed in the script
exit status: 0 success; 1 error while running; 2 bad usage or a syntax error;
  130/143/129 ended by SIGINT/SIGTERM/SIGHUP: the network is closed as at a
  normal end (output and captures complete); a second signal forces the exit.
  In the REPL Ctrl-C stops the chunk that runs; SIGTERM and SIGHUP end it.
`

// options are the parsed command line.
type options struct {
	seed     uint64
	seedSet  bool
	chunks   []string
	interact bool
	file     string
	args     []string
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

// Error formats the error as users see it.
func (e *usageError) Error() string { return e.msg }

func parseArgs(argv []string) (*options, error) {
	o := &options{}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "--version" || a == "-v":
			return nil, nil
		case a == "-h" || a == "--help":
			return nil, &usageError{""}
		case a == "-i":
			o.interact = true
		case a == "-e" || a == "--seed":
			if i+1 >= len(argv) {
				return nil, &usageError{a + " needs a value"}
			}
			i++
			if a == "-e" {
				o.chunks = append(o.chunks, argv[i])
				continue
			}
			if _, err := fmt.Sscanf(argv[i], "%d", &o.seed); err != nil || fmt.Sprint(o.seed) != argv[i] {
				return nil, &usageError{fmt.Sprintf("--seed wants a whole number >= 0, got %q", argv[i])}
			}
			o.seedSet = true
		case a == "--":
			if i+1 < len(argv) {
				o.file, o.args = argv[i+1], argv[i+2:]
			}
			return o, nil
		case len(a) > 1 && a[0] == '-':
			return nil, &usageError{fmt.Sprintf("unknown option %s", a)}
		default:
			o.file, o.args = a, argv[i+1:]
			return o, nil
		}
	}
	return o, nil
}
