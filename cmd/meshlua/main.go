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
// Options are those of options.go's flag set, from which the usage is
// made (meshlua -h).
//
// Exit status: 0 success; 1 error while running; 2 bad usage or a syntax
// error (FILE:LINE: message); 130, 143, 129 ended by SIGINT, SIGTERM,
// SIGHUP (output and captures complete; see signals.go).
package main

import (
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
