package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// built is the meshlua binary the tests build once, in a folder of their
// own, or why they could not.
var built struct {
	dir  string
	once sync.Once
	path string
	err  error
	out  []byte
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bench-test-")
	if err != nil {
		panic(err)
	}
	built.dir = dir
	status := m.Run()
	os.RemoveAll(dir)
	os.Exit(status)
}

// meshluaBinary builds cmd/meshlua for the figures that run scripts in a
// child process, as `meshlua bench` runs them with itself.
func meshluaBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := filepath.Abs(filepath.Join("..", "cmd", "meshlua"))
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(built.dir, "meshlua")
		cmd := exec.Command("go", "build", "-o", built.path, ".")
		cmd.Dir = dir
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build ./cmd/meshlua: %v\n%s", built.err, built.out)
	}
	return built.path
}

func TestPeakRSSIsWhatTheScriptHeld(t *testing.T) {
	cfg := Config{Meshlua: meshluaBinary(t)}
	const held = 64 << 20
	// The big script first, while this process's own peak is below it, so
	// that its figure is the kernel's (see peakWatch): forget the peak of
	// an earlier run of the test (Linux: /proc/self/clear_refs).
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	big, err := cfg.runScript(`local s = string.rep("x", tonumber(arg[1])) print(#s)`, map[string]string{}, "67108864")
	if err != nil {
		t.Fatal(err)
	}
	// Now the parent holds more than either script: its memory must not
	// count as theirs (see peakWatch).
	parent := make([]byte, 4*held)
	for i := 0; i < len(parent); i += 4096 {
		parent[i] = 1
	}
	defer goruntime.KeepAlive(parent)
	small, err := cfg.runScript(`print(#string.rep("x", 1))`, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if small.out != "1\n" || big.out != "67108864\n" {
		t.Errorf("the scripts printed %q and %q", small.out, big.out)
	}
	if small.maxRSS >= held {
		t.Errorf("a script holding nothing peaked at %d bytes", small.maxRSS)
	}
	if grew := big.maxRSS - small.maxRSS; grew < held || grew > 4*held {
		t.Errorf("a script holding a string of %d bytes peaked %d bytes above one that does not (%d, %d)", held, grew, big.maxRSS, small.maxRSS)
	}
	if big.cpu <= 0 || big.wall <= 0 {
		t.Errorf("cost %+v: no time measured", big)
	}
}

func TestScaleFiguresNeedTheBinary(t *testing.T) {
	_, err := Run(Config{Quick: true}, []string{"idle-node"}, nil)
	if err == nil || !strings.Contains(err.Error(), "idle-node: needs the meshlua binary") {
		t.Errorf("got %v", err)
	}
	_, err = Config{Meshlua: meshluaBinary(t)}.runScript("error('boom')", map[string]string{})
	if err == nil || !strings.Contains(err.Error(), "script.lua:1: boom") {
		t.Errorf("a failing script: %v", err)
	}
}

func TestScaleFiguresAreSane(t *testing.T) {
	figs, err := Run(Config{Quick: true, Meshlua: meshluaBinary(t)}, []string{"idle-node", "network", "network-inline"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Figure{}
	for _, f := range figs {
		got[f.Name] = f
	}
	// An idle node costs at least its VM (some KB) and far less than a MB;
	// a process that ran a thousand of them peaked above an empty one (the
	// binary alone maps some MB) and below a GiB.
	for name, limits := range map[string][2]float64{
		"idle-node": {1 << 10, 1 << 20}, "idle-node-file": {1 << 10, 1 << 20},
		"network-rss": {8, 1024}, "network-inline-rss": {8, 1024}, "network-file-rss": {8, 1024},
	} {
		if f, ok := got[name]; !ok || f.Value < limits[0] || f.Value > limits[1] {
			t.Errorf("%s = %+v, want within %v", name, f, limits)
		}
	}
	for _, name := range []string{"network-build", "network-flood", "network-inline", "network-inline-cpu", "network-file", "network-file-cpu"} {
		if f, ok := got[name]; !ok || f.Value <= 0 || f.Unit != "s" {
			t.Errorf("%s = %+v, want some seconds", name, f)
		}
	}
	if f := got["network-flood"]; f.Ratio != 1 {
		t.Errorf("the flood did not reach every node: %+v", f)
	}
}

// The routing case runs dv and lsr until every node has a route to every
// other, and gives their CPU time and lsr's searches of its map: at
// least one a node (each searches once it has adverts), and far fewer
// than the adverts it takes in.
func TestRoutingFiguresAreSane(t *testing.T) {
	figs, err := Run(Config{Quick: true, Meshlua: meshluaBinary(t)}, []string{"routing"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Figure{}
	for _, f := range figs {
		got[f.Name] = f
	}
	for _, name := range []string{"routing-dv-cpu", "routing-lsr-cpu"} {
		if f, ok := got[name]; !ok || f.Value <= 0 || f.Unit != "s" {
			t.Errorf("%s = %+v, want some seconds", name, f)
		}
	}
	if f := got["routing-lsr-searches"]; f.Value < 100 || f.Value > 100*10 {
		t.Errorf("routing-lsr-searches = %+v, want 1 to 10 a node of 100", f)
	}
}
