package repl

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any leaves a goroutine running: a
// host's watchdog, a real-time scheduler or a device reader not closed.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
