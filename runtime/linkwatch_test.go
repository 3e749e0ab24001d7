package runtime

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// linkWatcher records the link changes it is told of, with their times.
type linkWatcher struct {
	recorder
	changes []string
}

func (w *linkWatcher) LinkChanged(n *Node, port int, up bool) error {
	w.changes = append(w.changes, fmt.Sprintf("%v port %d up=%v", n.Now(), port, up))
	return nil
}

// A watching program hears of every change to its ports' links while it
// runs, at the time of the change, and nothing of the ports it started
// with nor of a change that changes nothing.
func TestLinkWatcherHearsChangesWhileItRuns(t *testing.T) {
	nw := newNet(t, 1)
	l1, l2 := mustLink(t, nw, "l1", Impairments{}), mustLink(t, nw, "l2", Impairments{})
	w := &linkWatcher{}
	n := mustNode(t, nw, "n", w, l1)
	run := func() {
		if err := nw.Run(time.Second); err != nil {
			t.Fatal(err)
		}
	}
	run()
	l1.SetUp(false)
	l1.SetUp(false) // no change
	run()
	l1.SetUp(true)
	run()
	if _, err := nw.Connect(n, l2); err != nil {
		t.Fatal(err)
	}
	run()
	l2.SetUp(false)
	nw.Disconnect(n, l2) // its link was down: nothing changes for the program
	run()
	nw.RemoveLink(l1)
	run()
	want := []string{"1s port 1 up=false", "2s port 1 up=true", "3s port 2 up=true", "4s port 2 up=false", "5s port 1 up=false"}
	if got := strings.Join(w.changes, ", "); got != strings.Join(want, ", ") {
		t.Errorf("changes heard:\n got %s\nwant %s", got, strings.Join(want, ", "))
	}
}

// A program put in a node's place does not hear of changes made for the
// one before it, nor does a node that was removed.
func TestLinkWatcherReplacedOrRemoved(t *testing.T) {
	nw := newNet(t, 1)
	l := mustLink(t, nw, "l", Impairments{})
	old, next := &linkWatcher{}, &linkWatcher{}
	n := mustNode(t, nw, "n", old, l)
	gone := &linkWatcher{}
	g := mustNode(t, nw, "g", gone, l)
	nw.Run(0)
	l.SetUp(false) // told to old, due now
	n.Replace(next)
	nw.RemoveNode(g)
	nw.Run(time.Second)
	l.SetUp(true)
	nw.Run(time.Second)
	if len(old.changes) != 0 || len(gone.changes) != 0 || strings.Join(next.changes, ",") != "1s port 1 up=true" {
		t.Errorf("old heard %v, removed heard %v, new heard %v", old.changes, gone.changes, next.changes)
	}
}
