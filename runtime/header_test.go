package runtime_test

import (
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

func TestHeaderReadsWhatPutHeaderWrites(t *testing.T) {
	b := make([]byte, runtime.HeaderLen+2)
	src := runtime.MAC{2, 0, 0, 0, 0, 1}
	runtime.PutHeader(b, runtime.Broadcast, src, 0x0806)
	if b[12] != 0x08 || b[13] != 0x06 {
		t.Errorf("the ethertype is big-endian: %x", b[12:14])
	}
	if dst, s, et, ok := runtime.Header(b); dst != runtime.Broadcast || s != src || et != 0x0806 || !ok {
		t.Errorf("Header = %v %v %#x %v", dst, s, et, ok)
	}
	if dst, s, et, ok := runtime.Header(b[:runtime.HeaderLen-1]); dst != (runtime.MAC{}) || s != (runtime.MAC{}) || et != 0 || ok {
		t.Errorf("a short buffer has no header, got %v %v %#x %v", dst, s, et, ok)
	}
}
