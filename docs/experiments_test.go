package docs_test

import (
	"os"
	"strings"
	"testing"
)

// TestTutorialShowsTheExampleScript: the script experiments.md shows is
// scripts/flood_line.lua, the example the tests sweep.
func TestTutorialShowsTheExampleScript(t *testing.T) {
	b, err := os.ReadFile("experiments.md")
	if err != nil {
		t.Fatal(err)
	}
	exs, err := examples("experiments.md", string(b))
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("../scripts/flood_line.lua")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range exs {
		if strings.HasPrefix(ex.src, "-- flood_line:") {
			if ex.src != string(script) {
				t.Errorf("experiments.md:%d shows another flood_line.lua than scripts/ has", ex.line)
			}
			return
		}
	}
	t.Error("experiments.md does not show scripts/flood_line.lua")
}
