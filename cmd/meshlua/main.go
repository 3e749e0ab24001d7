// Command meshlua runs mesh-network experiments written in Lua.
//
//	meshlua                      open the REPL on an empty network
//	meshlua FILE.lua [ARGS...]   run a script (ARGS in the global table arg)
//	meshlua -e 'CHUNK'           run a chunk of Lua
//	meshlua -i FILE.lua          run the script, then open the REPL
//	meshlua --seed N ...         the run's seed (overrides mesh.seed)
//	meshlua --budget D --memory M ...   nodes' CPU-time and memory budgets
//	meshlua --set NAME=VALUE ...        a parameter for mesh.param
//	meshlua --report F --series F --stats F ...   a run's output files
//	meshlua --version
//	meshlua bench [NAME...]      measure the performance figures
//
// Options are those of options.go's flag set, from which the usage is
// made (meshlua -h).
//
// Exit status: 0 success; 1 error while running; 2 bad usage or a syntax
// error (FILE:LINE: message); 130, 143, 129 ended by SIGINT, SIGTERM,
// SIGHUP (output and captures complete; see signals.go).
package main

import (
	"os"

	"github.com/meshlua/meshlua/bench"
)

// version is the release, set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// self is the meshlua binary running, which meshlua bench runs scripts
// with; "" where it is not known (in tests, which build one).
var self string

func main() {
	tuneGC()
	self, _ = os.Executable()
	status := run(os.Args[1:], os.Stdout, os.Stderr)
	bench.ReportPeak() // for a meshlua bench that runs this process as its child
	os.Exit(status)
}
