package ui_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/meshlua/meshlua/bindings"
	"github.com/meshlua/meshlua/export"
	"github.com/meshlua/meshlua/internal/browsertest"
	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/ui"
)

// thousandNodes is a scale-free network of 1,000 nodes (1,997 links),
// each broadcasting every second.
const thousandNodes = `
mesh.seed(3)
mesh.topo.ba(1000, 2, {program = "node.every(1, function() node.broadcast('hi') end)"})
mesh.run(2)
`

// pageFigures are what the page measured of a network.
type pageFigures struct {
	FirstDraw float64 // ms from the page's start until it drew every node
	Draw      float64 // ms the last draw took
	Settled   float64 // ms from the page's start until the layout stopped moving
}

// openPage opens the view at url in Chromium and waits until it has drawn
// nodes nodes and, if settle, until its layout has settled; the caller
// lets the network run.
func openPage(t testing.TB, ctx context.Context, url string, nodes int, settle bool) pageFigures {
	t.Helper()
	var f pageFigures
	poll := chromedp.WithPollingTimeout(2 * time.Minute)
	every := chromedp.WithPollingInterval(20 * time.Millisecond)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](`document.getElementById("net").dataset.nodes === "`+strconv.Itoa(nodes)+`"`, poll, every),
	); err != nil {
		t.Fatalf("the page never drew %d nodes: %v", nodes, err)
	}
	var err error
	if settle {
		if f.Settled, err = chromedp.Run(ctx, chromedp.Poll[float64](`meshluaView.alpha <= 0.02 && performance.now()`, poll, every)); err != nil {
			t.Fatalf("the layout never settled: %v", err)
		}
	}
	if f.FirstDraw, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`meshluaView.firstDraw`)); err != nil {
		t.Fatal(err)
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("net").dataset.drawMs`))
	if err != nil {
		t.Fatal(err)
	}
	f.Draw, _ = strconv.ParseFloat(ms, 64)
	return f
}

// TestPageDrawsAThousandNodes opens the view of a network of 1,000 nodes:
// the page draws every node, and its status counts them and their links.
func TestPageDrawsAThousandNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser test runs in the full run")
	}
	ctx := browsertest.Start(t, 3*time.Minute)
	h, _, _ := newHost(t, thousandNodes)
	url := serve(t, h, ui.Options{})
	h.LetRun(func() {
		f := openPage(t, ctx, url, 1000, false)
		status, err := chromedp.Run(ctx, chromedp.Text("#status"))
		if err != nil {
			t.Fatal(err)
		}
		if want := "1,000 nodes · 1,997 links"; !strings.Contains(status, want) {
			t.Errorf("the status reads %q, want %q", status, want)
		}
		t.Logf("1,000 nodes: drawn whole %.0f ms after the page started; a draw takes %.1f ms", f.FirstDraw, f.Draw)
	})
}

// BenchmarkPage measures the page on a network of 1,000 nodes: the time
// until it first draws every node, a draw's time, and the time until its
// layout settles (ms from the page's start), in headless Chromium.
func BenchmarkPage(b *testing.B) {
	ctx := browsertest.Start(b, 10*time.Minute)
	h, _, _ := newHost(b, thousandNodes)
	url := serve(b, h, ui.Options{})
	var sum pageFigures
	h.LetRun(func() {
		for b.Loop() {
			f := openPage(b, ctx, url, 1000, true)
			sum.FirstDraw += f.FirstDraw
			sum.Draw += f.Draw
			sum.Settled += f.Settled
		}
	})
	n := float64(b.N)
	b.ReportMetric(sum.FirstDraw/n, "ms-first-draw")
	b.ReportMetric(sum.Draw/n, "ms/draw")
	b.ReportMetric(sum.Settled/n, "ms-settled")
}

// BenchmarkUpdate measures the server's side of an update of a network of
// 1,000 nodes: describing it, and encoding the update (what the run
// waits for, in virtual time).
func BenchmarkUpdate(b *testing.B) {
	h, _, _ := newHost(b, thousandNodes)
	s, err := ui.Start("127.0.0.1:0", hostNetwork{h}, ui.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.LetRun(func() { s.Close() })
	for b.Loop() {
		ui.Update(s)
	}
}

// hostNetwork is a script host as the view sees it.
type hostNetwork struct{ h *bindings.Host }

func (n hostNetwork) Graph() *export.Graph      { return n.h.Graph() }
func (n hostNetwork) Runtime() *runtime.Network { return n.h.Net }
func (n hostNetwork) Visit(fn func()) bool      { return n.h.Visit(fn) }

// TestPageControlsTheNetwork clicks the page's buttons, served with
// control: link ab's button takes it down, as link:down() does, and the
// pause button pauses the network and resumes it.
func TestPageControlsTheNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser test runs in the full run")
	}
	ctx := browsertest.Start(t, 3*time.Minute)
	h, _, _ := newHost(t, twoNodes+"mesh.run(1)")
	url := serve(t, h, ui.Options{Control: true})
	poll := chromedp.WithPollingTimeout(time.Minute)
	every := chromedp.WithPollingInterval(20 * time.Millisecond)
	// click clicks the element selector finds as soon as there is one, in
	// one step of the page's own script: the links' table is drawn anew
	// at every update, so a node chromedp found first may be gone by the
	// time it clicks ("Could not find node with given id").
	click := func(selector string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](`(() => { const e = document.querySelector(`+"`"+selector+"`"+`); if (!e) return false; e.click(); return true })()`, poll, every)
	}
	h.LetRun(func() {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(url),
			chromedp.Poll[chromedp.Void](`document.getElementById("mode").textContent === "control"`, poll, every),
			click(`tr[data-link="ab"] button[data-act="down"]`),
			chromedp.Poll[chromedp.Void](`document.getElementById("net").dataset.down === "ab"`, poll, every),
			click(`#pause`),
			chromedp.Poll[chromedp.Void](`document.getElementById("mode").textContent === "paused"`, poll, every),
			click(`#pause`),
			chromedp.Poll[chromedp.Void](`document.getElementById("mode").textContent === "control"`, poll, every),
		); err != nil {
			t.Fatal(err)
		}
	})
	if h.Net.Link("ab").Up() {
		t.Error("the page showed link ab down, but it is up")
	}
}
