package bindings

import (
	"net/http"
	"strings"
	"testing"
)

func TestMeshUIServesThePage(t *testing.T) {
	out := mustRun(t, `
local url = mesh.ui()
print(url)
print(pcall(mesh.ui, "127.0.0.1:0"))
`)
	lines := scriptLines(out)
	url := lines[0]
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/") {
		t.Fatalf("mesh.ui() returned %q, want a loopback URL", url)
	}
	if want := "false\ttest.lua:4: mesh.ui: the web view is already served at " + url; lines[1] != want {
		t.Errorf("a second mesh.ui: %q, want %q", lines[1], want)
	}
	if _, err := http.Get(url); err == nil {
		t.Errorf("%s still answers after the network closed", url)
	}
}

func TestMeshUIRefusesBadArguments(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`mesh.ui("0.0.0.0:0")`, "mesh.ui: 0.0.0.0:0: not a loopback address: give {public = true} to serve other machines"},
		{`mesh.ui("8080")`, `mesh.ui: bad address "8080": give HOST:PORT, such as 127.0.0.1:8080`},
		{`mesh.ui("127.0.0.1:0", {contrl = true})`, `mesh.ui: unknown option "contrl" (did you mean "control"?)`},
		{`mesh.ui("127.0.0.1:0", {control = "yes"})`, "mesh.ui: option control: want true or false, got string"},
		{`mesh.at(0, function() mesh.ui() end) mesh.run(1)`, "mesh.ui: not inside a function that mesh.at"},
	} {
		_, err := runLua(t, "", c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.src, err, c.want)
		}
	}
}
