package capture

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meshlua/meshlua/internal/nettest"
	"github.com/meshlua/meshlua/runtime"
)

// chatter adds, on a new link called name, a node that sends count frames
// every 10 ms and one that receives them.
func chatter(t *testing.T, nw *runtime.Network, name string, im runtime.Impairments, count int) *runtime.Link {
	t.Helper()
	l := nettest.Link(t, nw, name, im)
	src := &runtime.Source{Dst: runtime.Broadcast, Size: 60, Interval: 10 * time.Millisecond, Count: count}
	nettest.Node(t, nw, fmt.Sprintf("%s-src%d", name, len(nw.Nodes())), src, l)
	nettest.Node(t, nw, fmt.Sprintf("%s-dst%d", name, len(nw.Nodes())), &runtime.Sink{}, l)
	return l
}

// perInterface counts the records of each interface.
func perInterface(records []record) map[string]uint64 {
	n := map[string]uint64{}
	for _, r := range records {
		n[r.intf]++
	}
	return n
}

// offered is the offered count of each link.
func offered(links ...*runtime.Link) map[string]uint64 {
	n := map[string]uint64{}
	for _, l := range links {
		n[l.Name()] += l.Stats().Offered
	}
	return n
}

// grow builds a network in steps, captured from the start with capture:
// two links, a run, a third link, another run, a link removed and one of
// the same name made. It returns the links in the order they were made.
func grow(t *testing.T, capture func(*runtime.Network)) []*runtime.Link {
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	capture(nw)
	lan := chatter(t, nw, "lan", runtime.Impairments{Loss: 0.3}, 50) // lost frames are captured
	wan := chatter(t, nw, "w/an", runtime.Impairments{Delay: 5 * time.Millisecond}, 20)
	if err := nw.Run(time.Second); err != nil {
		t.Fatal(err)
	}
	late := chatter(t, nw, "late", runtime.Impairments{}, 30)
	if err := nw.Run(time.Second); err != nil {
		t.Fatal(err)
	}
	nw.RemoveLink(lan)
	again := chatter(t, nw, "lan", runtime.Impairments{}, 5)
	if err := nw.Run(time.Second); err != nil {
		t.Fatal(err)
	}
	if err := nw.Close(); err != nil {
		t.Fatal(err)
	}
	return []*runtime.Link{lan, wan, late, again}
}

func TestOneFileHasAnInterfacePerLinkAddedAnyTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "all.pcapng")
	links := grow(t, func(nw *runtime.Network) {
		if err := Links(nw, path, NewLimit(0)); err != nil {
			t.Fatal(err)
		}
	})
	records := readCapture(t, path)
	if got, want := perInterface(records), offered(links...); !maps.Equal(got, want) {
		t.Errorf("records per interface %v, want each link's offered count %v", got, want)
	}
	var order []string
	for _, r := range records {
		if !slices.Contains(order, r.intf) {
			order = append(order, r.intf)
		}
	}
	if want := []string{"lan", "w/an", "late"}; !slices.Equal(order, want) {
		t.Errorf("interfaces in order of first frame %v, want %v", order, want)
	}
	for i := 1; i < len(records); i++ {
		if records[i].ci.Timestamp.Before(records[i-1].ci.Timestamp) {
			t.Fatalf("record %d is stamped before the one before it", i+1)
		}
	}
}

func TestAFolderHasAFilePerLink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "caps") + string(filepath.Separator) // made by Links
	links := grow(t, func(nw *runtime.Network) {
		if err := Links(nw, dir, NewLimit(0)); err != nil {
			t.Fatal(err)
		}
	})
	files := map[string]*runtime.Link{"lan.pcapng": links[0], "w%2Fan.pcapng": links[1], "late.pcapng": links[2], "lan-2.pcapng": links[3]}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		t.Errorf("the folder holds %d files, want %d", len(entries), len(files))
	}
	for name, l := range files {
		got := perInterface(readCapture(t, filepath.Join(dir, name)))
		if want := offered(l); !maps.Equal(got, want) {
			t.Errorf("%s: records per interface %v, want %v", name, got, want)
		}
	}
}

func TestTheLimitCoversTheFolderAsAWhole(t *testing.T) {
	dir := t.TempDir() // an existing folder, without a separator at the end
	lim := NewLimit(4000)
	reached := 0
	lim.Reached = func(time.Duration) { reached++ }
	grow(t, func(nw *runtime.Network) {
		if err := Links(nw, dir, lim); err != nil {
			t.Fatal(err)
		}
	})
	var total int64
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		readCapture(t, filepath.Join(dir, e.Name()))
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		total += fi.Size()
	}
	if total > 4000 || total < 3000 || reached != 1 {
		t.Errorf("the files hold %d bytes together and the limit was reached %d times; want at most 4000 bytes, once", total, reached)
	}
}

func TestAFileThatCannotBeMadeIsReportedAtTheEndOfTheRun(t *testing.T) {
	dir := t.TempDir()
	nw := runtime.NewNetwork(runtime.NewVirtual(), 1, nil)
	if err := Links(nw, dir, NewLimit(0)); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "lan.pcapng"), 0o700); err != nil { // where lan's file goes
		t.Fatal(err)
	}
	chatter(t, nw, "lan", runtime.Impairments{}, 5)
	if err := nw.Run(time.Second); err == nil || !strings.Contains(err.Error(), "lan.pcapng: is a directory") {
		t.Errorf("the run's error %v, want one saying why lan.pcapng could not be made", err)
	}
	if err := nw.Close(); err == nil {
		t.Error("closing the network reports no error for the capture file it could not make")
	}
}
