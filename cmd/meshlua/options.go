package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/meshlua/meshlua/nodevm"
)

// options are the parsed command line.
type options struct {
	chunks   chunkList
	interact bool
	seed     seedValue
	budget   time.Duration // nodes' CPU-time budget per call; 0: the default
	memory   int64         // nodes' memory budget; 0: the default
	exp      experimentOptions
	capture  captureOptions
	ui       uiOptions
	version  bool
	help     bool
	file     string   // the script, "" for none
	args     []string // the script's arguments
}

// flags is the flag set of meshlua's options, which sets o's fields. The
// usage is made from it (see writeOptions): a back-quoted word in an
// option's text names its value.
func (o *options) flags() *flag.FlagSet {
	fs := newFlagSet("meshlua")
	fs.Var(&o.chunks, "e", "run `CHUNK` as Lua, before FILE; may be repeated")
	fs.BoolVar(&o.interact, "i", false, "open the REPL after the script")
	fs.Var(&o.seed, "seed", "the run's seed is `N` (overrides mesh.seed)")
	fs.Var((*durationValue)(&o.budget), "budget",
		fmt.Sprintf("a call into a node may use `D` of CPU time (default %v)", nodevm.DefaultBudget))
	fs.Var((*sizeValue)(&o.memory), "memory",
		fmt.Sprintf("a node may hold `M` of memory (default %dMiB)", nodevm.DefaultMemory>>20))
	o.exp.flags(fs)
	o.capture.flags(fs)
	o.ui.flags(fs)
	for _, name := range []string{"v", "version"} {
		fs.BoolVar(&o.version, name, false, "print the version")
	}
	for _, name := range []string{"h", "help"} {
		fs.BoolVar(&o.help, name, false, "print this usage")
	}
	return fs
}

// parseArgs reads the command line: options, up to the first argument that
// is not one (or --), then the script's name and its arguments, which may
// look like options.
func parseArgs(argv []string) (*options, error) {
	o := &options{}
	fs := o.flags()
	if err := parseFlags(fs, argv); err != nil {
		return nil, err
	}
	if rest := fs.Args(); len(rest) > 0 {
		o.file, o.args = rest[0], rest[1:]
	}
	return o, nil
}
