package pipe

import (
	"testing"

	"github.com/meshlua/meshlua/links/devtest"
	"github.com/meshlua/meshlua/runtime"
)

func TestConformance(t *testing.T) {
	devtest.Run(t, func(t *testing.T) (runtime.Device, runtime.Device) {
		a, b := New(1500)
		t.Cleanup(func() { a.Close(); b.Close() })
		return a, b
	})
}
