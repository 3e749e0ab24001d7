package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/meshlua/meshlua/internal/browsertest"
)

// viewScript is a network in real time whose link ab carries a frame
// every 20 ms; it takes link bc down when it reads a line, and ends at
// the next.
const viewScript = `
mesh.realtime(true)
local ab, bc = mesh.link("ab"), mesh.link("bc")
mesh.node("a", {links = {ab}, program = "node.every(0.02, function() node.broadcast('hi') end)"})
mesh.node("b", {links = {ab, bc}, program = "bridge"})
mesh.node("c", {links = {bc}, program = "counter"})
print("ready")
mesh.readline()
bc:down()
print("bc is down")
mesh.readline()
`

// TestWebView runs meshlua --ui on a free loopback port and looks at the
// page in headless Chromium: it shows the script's three nodes, link ab's
// counter rises while traffic flows, and link bc, which the script takes
// down, shows as down, in the links' table and in the picture. The
// screenshot stays in the test's artifact folder (go test -artifacts).
func TestWebView(t *testing.T) {
	ctx := browsertest.Start(t, 3*time.Minute)
	bin := buildMeshlua(t)
	c := startChild(t, bin, "--ui", "127.0.0.1:0", writeScript(t, "view.lua", viewScript))
	c.stderr.await(t, "(read-only)\n")
	url := regexp.MustCompile(`web view at (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(c.stderr.String())
	if url == nil {
		t.Fatalf("no URL in meshlua's stderr:\n%s", c.stderr)
	}
	c.stdout.await(t, "ready")
	poll := chromedp.WithPollingTimeout(time.Minute)
	every := chromedp.WithPollingInterval(50 * time.Millisecond)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url[1]),
		chromedp.Poll[chromedp.Void](`document.getElementById("net").dataset.nodes === "3"`, poll, every),
	); err != nil {
		t.Fatalf("the page never drew the 3 nodes: %v", err)
	}
	offered := func() int {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Poll[string](`document.querySelector('tr[data-link="ab"] td.offered')?.textContent`, poll, every))
		if err != nil {
			t.Fatalf("no row for link ab: %v", err)
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("link ab's offered counter reads %q", s)
		}
		return n
	}
	first := offered()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`Number(document.querySelector('tr[data-link="ab"] td.offered').textContent) > `+strconv.Itoa(first), poll, every)); err != nil {
		t.Fatalf("link ab's counter stayed at %d while a sent a frame every 20 ms: %v", first, err)
	}
	if status, err := chromedp.Run(ctx, chromedp.Text("#status")); err != nil || !strings.Contains(status, "3 nodes · 2 links") || !strings.Contains(status, "real time") {
		t.Errorf("the status line reads %q (%v); want the counts of nodes and links and the clock", status, err)
	}
	if mode, err := chromedp.Run(ctx, chromedp.Text("#mode")); err != nil || mode != "read-only" {
		t.Errorf("without --ui-control the page says %q (%v), want read-only", mode, err)
	}

	c.stdin.Write([]byte("\n"))
	c.stdout.await(t, "bc is down")
	if err := chromedp.Do(ctx,
		chromedp.Poll[chromedp.Void](`document.querySelector('tr[data-link="bc"]')?.classList.contains("down")`, poll, every),
		chromedp.Poll[chromedp.Void](`document.getElementById("net").dataset.down === "bc"`, poll, every),
	); err != nil {
		t.Fatalf("link bc, down, is not shown as down: %v", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.ArtifactDir(), "webview.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	checkDrawn(t, shot)

	c.stdin.Write([]byte("\n"))
	c.stderr.await(t, "the web view stays at "+url[1])
	c.signal(t, syscall.SIGTERM)
	if ws := c.end(t); ws.ExitStatus() != 0 {
		t.Errorf("meshlua ended with status %d after its script ended well; want 0\n%s", ws.ExitStatus(), c.stderr)
	}
}

// checkDrawn checks that the screenshot shows nodes (their blue) and a
// link down (its red dashes).
func checkDrawn(t *testing.T, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is no PNG: %v", err)
	}
	count := func(want [3]uint32) int {
		n := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if near(r>>8, want[0]) && near(g>>8, want[1]) && near(bl>>8, want[2]) {
					n++
				}
			}
		}
		return n
	}
	if blue := count([3]uint32{0x2b, 0x6c, 0xb0}); blue < 3*50 {
		t.Errorf("the screenshot has %d pixels of a node's blue; want three nodes' worth", blue)
	}
	if red := count([3]uint32{0xdd, 0x22, 0x22}); red < 20 {
		t.Errorf("the screenshot has %d pixels of a link down's red", red)
	}
}

// near reports whether two colour components are within a little of
// each other (anti-aliasing).
func near(a, b uint32) bool { return a+8 >= b && b+8 >= a }

func TestUIOptionErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--ui-control", "-e", "x = 1"}, "meshlua: --ui-control: there is no web view: add --ui ADDR\n"},
		{[]string{"--ui-public", "-e", "x = 1"}, "meshlua: --ui-public: there is no web view: add --ui ADDR\n"},
		{[]string{"--ui", "0.0.0.0:0", "-e", "x = 1"}, "meshlua: --ui 0.0.0.0:0: not a loopback address: add --ui-public to serve other machines\n"},
		{[]string{"--ui", "8080", "-e", "x = 1"}, "meshlua: --ui: bad address \"8080\": give HOST:PORT, such as 127.0.0.1:8080\n"},
		{[]string{"--uii", "127.0.0.1:0", "-e", "x = 1"}, "meshlua: unknown option --uii (did you mean --ui?)\n"},
	} {
		status, _, stderr := meshlua(t, c.args...)
		if status != 2 || !strings.HasPrefix(stderr, c.msg) {
			t.Errorf("meshlua %s: status %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), status, stderr, c.msg)
		}
	}
}
