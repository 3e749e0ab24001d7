package all

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyTheCommandImportsAll keeps the drivers out of the packages the
// command builds on, so that those build and test without them: only
// cmd/meshlua imports links/all (tests may too).
func TestOnlyTheCommandImportsAll(t *testing.T) {
	list := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...")
	list.Dir = "../.."
	out, err := list.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const all, command = "github.com/meshlua/meshlua/links/all", "github.com/meshlua/meshlua/cmd/meshlua"
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if pkg != command && strings.Contains(" "+imports+" ", " "+all+" ") {
			t.Errorf("%s imports %s: only %s may", pkg, all, command)
		}
	}
}
