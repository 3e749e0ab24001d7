package scripts

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlua/meshlua/bindings"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out from the scripts' output")

// live are the examples that talk to the real world and read standard
// input; their tests start them as processes (cmd/meshlua's lan_test.go).
var live = map[string]bool{"chat.lua": true, "internet.lua": true}

// TestScriptsPrintWhatTheyState runs every example and compares its output
// with testdata/NAME.out byte for byte: the examples are deterministic, so
// any change in the output is a change in behaviour.
func TestScriptsPrintWhatTheyState(t *testing.T) {
	paths, _ := filepath.Glob("*.lua")
	if len(paths) < 3 {
		t.Fatalf("found only %d example scripts", len(paths))
	}
	for _, path := range paths {
		if live[path] {
			continue
		}
		t.Run(path, func(t *testing.T) {
			var out bytes.Buffer
			h := bindings.NewHost(&out, ".")
			L, err := h.ScriptState(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer L.Close()
			if err := h.RunFile(L, path); err != nil {
				t.Fatalf("%s failed: %v", path, err)
			}
			h.Close()
			golden := filepath.Join("testdata", strings.TrimSuffix(path, ".lua")+".out")
			if *update {
				os.WriteFile(golden, out.Bytes(), 0o644)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("no expected output (run go test ./scripts -update): %v", err)
			}
			if out.String() != string(want) {
				t.Errorf("%s printed\n%s\nwant (%s)\n%s", path, out.String(), golden, want)
			}
		})
	}
}

func TestEmbeddedScriptsAreTheFiles(t *testing.T) {
	paths, _ := filepath.Glob("*.lua")
	for _, path := range paths {
		b, _ := os.ReadFile(path)
		if s, ok := Get(strings.TrimSuffix(path, ".lua")); !ok || s != string(b) {
			t.Errorf("Get(%q) does not return the file", path)
		}
	}
	if _, ok := Get("nonexistent"); ok {
		t.Error("Get found a script that does not exist")
	}
}
