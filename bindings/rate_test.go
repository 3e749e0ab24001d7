package bindings

import (
	"strings"
	"testing"
)

// rateScript sends one frame every 10ms for 10s (1000 frames, the first at
// 0.01s, the last at 10s) through a rate filter with opts, out of the
// sender or into the receiver, and prints what passed and what the node
// counted as filtered.
func rateScript(dir, opts, size string) string {
	return `
local l = mesh.link("l")
local a = mesh.node("a", {links = {l}, program = [[
  local payload = ("x"):rep(` + size + ` - 14)
  node.every(0.01, function() node.send{payload = payload} end)]]})
local c = mesh.node("c", {links = {l}, program = "counter"})
local filtered = ` + map[string]string{"out": "a", "in": "c"}[dir] + `
filtered:filter("` + dir + `", "rate", ` + opts + `)
mesh.run(10)
print(c:call("count"), filtered:stats().drops.filter or 0)`
}

func TestRateFilterPassesBurstPlusRateTimesTime(t *testing.T) {
	// The bucket is full (burst) at the first frame, 0.01s, and gains
	// rate tokens a second until the last, 10s: burst + rate * 9.99 pass.
	for _, c := range []struct{ dir, opts, size, want string }{
		{"out", `{rate = 20, burst = 5}`, "60", "204\t796"},           // 5 + 199.8
		{"in", `{rate = 20, burst = 5}`, "60", "204\t796"},            // the same, in the other direction
		{"out", `{rate = 20}`, "60", "201\t799"},                      // default burst: a tenth of a second, 2 frames
		{"out", `{rate = 100}`, "60", "1000\t0"},                      // exactly the sender's rate: all pass
		{"out", `{rate = 0.5, burst = 1}`, "60", "5\t995"},            // 1 + 4.995
		{"out", `{rate = "50kbit", burst = 2500}`, "125", "519\t481"}, // 1000-bit frames: 20 + 50 * 9.99
		{"out", `{rate = "50kbit", burst = 2500}`, "250", "259\t741"}, // 2000-bit frames: 10 + 25 * 9.99
		{"out", `{rate = "0.1Mbit"}`, "125", "1000\t0"},               // 100 frames a second: all pass
		{"out", `{rate = "50kbit"}`, "125", "511\t489"},               // default burst: 1514 bytes, 12 frames + 499.5
		{"out", `{rate = "1Mbit", burst = 100}`, "125", "0\t1000"},    // a frame larger than the bucket never passes
	} {
		out := mustRun(t, rateScript(c.dir, c.opts, c.size))
		if got := scriptLines(out)[0]; got != c.want {
			t.Errorf("%s %s, %s-byte frames: passed and filtered %q, want %q", c.dir, c.opts, c.size, got, c.want)
		}
	}
}

func TestRateFilterPassesFramesExactlyOnTime(t *testing.T) {
	// 5 frames a second with a bucket of one: every other frame of ten a
	// second passes, also those whose token is complete only to the
	// nanosecond (0.3 is not 0.1 + 0.2 in floating point).
	out := mustRun(t, `
local l = mesh.link("l")
local a = mesh.node("a", {links = {l}, program = [[
  local n = 0
  node.every(0.1, function() n = n + 1 node.send{payload = tostring(n)} end)]]})
mesh.node("p", {links = {l}, program = "function on_frame(f) print(f.payload) end"})
a:filter("out", "rate", {rate = 5, burst = 1})
mesh.run(1)`)
	want := "[0.100000] p: 1\n[0.300000] p: 3\n[0.500000] p: 5\n[0.700000] p: 7\n[0.900000] p: 9\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestRateFilterOptionsAreChecked(t *testing.T) {
	for opts, want := range map[string]string{
		`nil`:                         `rate filter: rate is frames per second (a number above 0) or a bit rate such as "1Mbit"`,
		`{rate = 0}`:                  `rate filter: rate is frames per second`,
		`{rate = "fast"}`:             `rate filter: rate: bad rate "fast": use bits per second (1e6) or a string like "10Mbit"`,
		`{rate = "1000"}`:             `rate filter: rate "1000" has no unit: a number is frames per second, a string a bit rate such as "1Mbit"`,
		`{rate = 10, burst = 0}`:      `rate filter: burst is a number above 0 (frames, or bytes for a bit rate)`,
		`{rate = 10, brust = 3}`:      `rate filter: unknown option "brust" (options: burst, rate)`,
		`{rate = 10, burst = "lots"}`: `rate filter: burst is a number above 0`,
	} {
		_, err := runLua(t, "", `mesh.node("n"):filter("in", "rate", `+opts+`)`)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("opts %s: got %v, want an error with %q", opts, err, want)
		}
	}
}
