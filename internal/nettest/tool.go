package nettest

import (
	"os"
	"os/exec"
	"testing"
)

// NeedTool finds the program name, which the Debian package pkg installs,
// skipping the test without it unless running under CI, where it must be
// there (.ci/run installs it).
func NeedTool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; CI must install it (.ci/run)", name)
		}
		t.Skipf("%s is not installed (apt-get install %s); skipping", name, pkg)
	}
	return path
}
