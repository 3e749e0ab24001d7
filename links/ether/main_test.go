package ether

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running
// when they end: every device must stop its goroutines on Close.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
