// Package browsertest starts headless Chromium for tests of the web view,
// driven through the DevTools protocol with chromedp.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Start starts headless Chromium (Debian's chromium, or chromium-browser,
// found on PATH), in a profile of its own under the test's temp dir, and
// returns a context whose actions run in its first tab. Without Chromium
// the test skips, unless CI=true, where .ci/run installs it. The browser
// is ended, by its process, when the test ends, or after timeout.
func Start(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path := find(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("no-sandbox", os.Geteuid() == 0), // Chromium refuses its sandbox to root
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // ends the browser it started, by its process, and waits for it
	})
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", path, err)
	}
	ctx, cancelTime := context.WithTimeout(tab, timeout)
	t.Cleanup(cancelTime)
	return ctx
}

// find is Chromium's path.
func find(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; CI must install it (.ci/run)")
	}
	t.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	return ""
}
