package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/meshlua/meshlua/internal/suggest"
	"github.com/meshlua/meshlua/runtime"
)

// traceOptions are the options of a run's trace: the file, and the limits
// that keep a large network's trace to what is wanted.
type traceOptions struct {
	path   string
	limits runtime.TraceLimits
	trace  *runtime.Trace // once started
}

// flags adds the trace's options to fs.
func (t *traceOptions) flags(fs *flag.FlagSet) {
	fs.Var(&tracePath{&t.path}, "trace", "write a JSON line per event (send, deliver, drop, node and link changes) to `FILE.jsonl`")
	fs.Var((*nameList)(&t.limits.Nodes), "trace-nodes", "trace only the events at the nodes `A,B,...`")
	fs.Var((*nameList)(&t.limits.Links), "trace-links", "trace only the events on the links `A,B,...`")
	fs.Var((*eventList)(&t.limits.Events), "trace-events", "trace only the events of the kinds `K,...`: "+strings.Join(runtime.TraceKinds(), ", "))
}

// tracePath is the value of --trace: an outputPath ending in .jsonl.
type tracePath struct{ path *string }

// String is the path.
func (t *tracePath) String() string {
	if t.path == nil {
		return ""
	}
	return *t.path
}

// Set reads the path.
func (t *tracePath) Set(v string) error {
	if !strings.HasSuffix(v, ".jsonl") {
		return fmt.Errorf("bad file %q: a trace is JSON lines, in a file whose name ends in .jsonl", v)
	}
	return (*outputPath)(t.path).Set(v)
}

// nameList is the value of an option that lists names, a comma apart; it
// may be repeated.
type nameList []string

// String is the names, a comma apart.
func (l *nameList) String() string { return strings.Join(*l, ",") }

// Set adds the names.
func (l *nameList) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		if name == "" {
			return fmt.Errorf("bad list %q: names a comma apart, none empty", v)
		}
		*l = append(*l, name)
	}
	return nil
}

// eventList is the value of --trace-events: kinds of events, a comma
// apart; it may be repeated.
type eventList []string

// String is the kinds, a comma apart.
func (l *eventList) String() string { return strings.Join(*l, ",") }

// Set adds the kinds.
func (l *eventList) Set(v string) error {
	if err := (*nameList)(l).Set(v); err != nil {
		return err
	}
	kinds := runtime.TraceKinds()
	for _, k := range *l {
		if !slices.Contains(kinds, k) {
			msg := fmt.Sprintf("no kind of event called %q", k)
			if near := suggest.Typo(k, kinds); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			return fmt.Errorf("%s; the kinds are %s", msg, strings.Join(kinds, ", "))
		}
	}
	return nil
}

// start starts the trace the options ask for on nw, if any. The limits
// without --trace are bad usage, as is an unknown kind of event.
func (t *traceOptions) start(nw *runtime.Network) error {
	if t.path == "" {
		if len(t.limits.Nodes)+len(t.limits.Links)+len(t.limits.Events) > 0 {
			return fmt.Errorf("--trace-nodes, --trace-links and --trace-events limit a trace: give --trace FILE.jsonl")
		}
		return nil
	}
	tr, err := runtime.CreateTrace(t.path, t.limits)
	if err != nil {
		return fmt.Errorf("--trace: %w", err)
	}
	t.trace = tr
	nw.SetTrace(tr)
	return nil
}

// warn says which names of --trace-nodes and --trace-links no event
// matched, with the nearest name of the network's nodes and links.
func (t *traceOptions) warn(nw *runtime.Network, stderr io.Writer) {
	if t.trace == nil {
		return
	}
	var nodes, links []string
	for _, n := range nw.Nodes() {
		nodes = append(nodes, n.Name())
	}
	for _, l := range nw.Links() {
		links = append(links, l.Name())
	}
	unNodes, unLinks := t.trace.Unmatched()
	for _, u := range []struct {
		option, kind string
		names, known []string
	}{{"--trace-nodes", "node", unNodes, nodes}, {"--trace-links", "link", unLinks, links}} {
		for _, name := range u.names {
			msg := fmt.Sprintf("meshlua: warning: %s: no event at a %s called %q", u.option, u.kind, name)
			if near := suggest.Typo(name, u.known); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			fmt.Fprintln(stderr, msg)
		}
	}
}
