// Package nettest helps the tests of packages above the runtime: building
// a runtime network link by link and node by node, and finding the host
// programs a test needs (skipping without them, except under CI=true,
// where they must be there).
package nettest

import (
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

// Link adds a link called name to nw, failing the test if it cannot.
func Link(t testing.TB, nw *runtime.Network, name string, im runtime.Impairments) *runtime.Link {
	t.Helper()
	l, err := nw.AddLink(name, im)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Node adds a node called name running prog to nw and connects it to
// links, in order, failing the test if it cannot.
func Node(t testing.TB, nw *runtime.Network, name string, prog runtime.Program, links ...*runtime.Link) *runtime.Node {
	t.Helper()
	n, err := nw.AddNode(name, prog)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		if _, err := nw.Connect(n, l); err != nil {
			t.Fatal(err)
		}
	}
	return n
}
