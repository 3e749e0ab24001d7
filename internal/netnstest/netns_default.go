//go:build !linux

package netnstest

import "testing"

// Require skips the test: network namespaces are Linux's.
func Require(t testing.TB) {
	t.Helper()
	t.Skip("needs Linux for network namespaces; skipping")
}

// In is not reached: Require skips every test that makes a LAN.
func (l *LAN) In(int, func()) {
	l.t.Helper()
	l.t.Fatal("network namespaces need Linux")
}
