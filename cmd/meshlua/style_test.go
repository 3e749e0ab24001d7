package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCodeIsFormattedAndVetted fails the build on code gofmt would change
// or go vet complains about, anywhere in the module.
func TestCodeIsFormattedAndVetted(t *testing.T) {
	out, err := exec.Command("gofmt", "-l", "../..").CombinedOutput()
	if err != nil {
		t.Fatalf("gofmt: %v\n%s", err, out)
	}
	if files := strings.TrimSpace(string(out)); files != "" {
		t.Errorf("gofmt would change (run gofmt -w):\n%s", files)
	}
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = "../.."
	if out, err := vet.CombinedOutput(); err != nil {
		t.Errorf("go vet ./...: %v\n%s", err, out)
	}
}
