package runtime

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running
// when they end: a closed network, its real-time loop and its devices'
// readers and writers must all have stopped.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
