package ui

import (
	"slices"
	"testing"
)

// FuzzDecodeControl holds decodeControl to its contract on any body: it
// returns a known action with a link exactly when the action names one,
// or an error, and never panics. Its seeds are in
// testdata/fuzz/FuzzDecodeControl.
func FuzzDecodeControl(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := decodeControl(body)
		if err != nil {
			if c != (control{}) {
				t.Fatalf("%q: an error (%v) with a request %+v", body, err, c)
			}
			return
		}
		if !slices.Contains(actions, c.Action) || (c.Link != "") != (c.Action == "down" || c.Action == "up") {
			t.Fatalf("%q: decoded %+v", body, c)
		}
	})
}
