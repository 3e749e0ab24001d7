package runtime_test

import (
	"strings"
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

// FuzzParseMAC parses any string as a MAC address: it never panics, and
// an address it takes is the string's six bytes, which it writes back in
// lower case with colons and parses again to itself.
func FuzzParseMAC(f *testing.F) {
	for _, s := range []string{"02:00:00:00:00:01", "FF-ff-FF-ff-FF-ff", "02:00:00:00:00:0", "02:00:00:00:00:0g", "", "02:00:00:00:00:01:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := runtime.ParseMAC(s)
		if err != nil {
			if !strings.Contains(err.Error(), "bad MAC address") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		written := m.String()
		if want := strings.ToLower(strings.ReplaceAll(s, "-", ":")); written != want {
			t.Fatalf("%q parsed as %s", s, written)
		}
		if again, err := runtime.ParseMAC(written); err != nil || again != m {
			t.Fatalf("%q parsed as %s, which parses as %v, %v", s, written, again, err)
		}
	})
}
