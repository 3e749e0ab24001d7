package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/meshlua/meshlua/export"
)

// exportSynopsis is what follows `meshlua export` in a usage's first line.
func exportSynopsis() string {
	return "[OPTION...] FILE.lua OUT.(" + strings.Join(formatNames(), "|") + ") [ARGS...]"
}

// formatNames are the formats export writes, without their dots.
func formatNames() []string {
	var names []string
	for _, f := range export.Formats {
		names = append(names, f[1:])
	}
	return names
}

// writeExportUsage writes the usage of meshlua export.
func writeExportUsage(w io.Writer) {
	fmt.Fprintf(w, `usage: meshlua export %s
  runs the script (ARGS in its global arg), then writes the network it
  built to OUT, as mesh.export does: .dot (graphviz), .json (NetJSON
  NetworkGraph), .svg or .png (drawn by graphviz's %s if it is installed,
  otherwise by meshlua's own layout; it says which on stderr)
options, before FILE, as for a run:
`, exportSynopsis(), export.Graphviz)
	writeOptions(w, new(options).flags())
}

// runExport is `meshlua export [OPTION...] FILE.lua OUT [ARGS...]`; it
// returns the exit status.
func runExport(argv []string, stdout, stderr io.Writer, sigs *signals) int {
	o, err := parseArgs(argv)
	if err == nil && o.help {
		writeExportUsage(stdout)
		return 0
	}
	if err == nil && (o.file == "" || len(o.args) == 0) {
		err = fmt.Errorf("export needs a script and the file to write: meshlua export FILE.lua OUT.svg")
	}
	if err == nil && !slices.Contains(export.Formats, strings.ToLower(filepath.Ext(o.args[0]))) {
		err = fmt.Errorf("export: cannot write %q: name a file ending in %s", o.args[0], strings.Join(export.Formats, ", "))
	}
	if err != nil {
		fmt.Fprintf(stderr, "meshlua: %s\n", err)
		writeExportUsage(stderr)
		return 2
	}
	out := o.args[0]
	o.args = o.args[1:]
	return runSession(o, stdout, stderr, sigs, func(s *session) int {
		drawnBy, err := export.Write(out, s.host.Graph())
		if err != nil {
			fmt.Fprintf(stderr, "meshlua: export: %v\n", err)
			return 1
		}
		if drawnBy != "" {
			fmt.Fprintf(stderr, "meshlua: export: %s drawn by %s\n", out, drawnBy)
		}
		return 0
	})
}
