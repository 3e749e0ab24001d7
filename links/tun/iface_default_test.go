//go:build !linux

package tun

import "testing"

func TestOffLinuxOpenSaysItNeedsLinux(t *testing.T) {
	for _, tap := range []bool{false, true} {
		c := Config{Tap: tap, Iface: "ml-test"}
		want := c.kind() + " links need Linux (/dev/net/tun)"
		if d, err := Open(c); d != nil || err == nil || err.Error() != want {
			t.Errorf("Open(%+v): got %v, %v, want %q", c, d, err, want)
		}
	}
}
