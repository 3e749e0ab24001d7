package runtime_test

import (
	"testing"

	"github.com/meshlua/meshlua/runtime"
)

func TestParseMAC(t *testing.T) {
	for s, want := range map[string]runtime.MAC{
		"02:00:00:00:00:01": {2, 0, 0, 0, 0, 1},
		"FF-ff-FF-ff-FF-ff": runtime.Broadcast,
		"0a:Bc-de:F0-12:34": {0x0a, 0xbc, 0xde, 0xf0, 0x12, 0x34},
	} {
		if m, err := runtime.ParseMAC(s); err != nil || m != want {
			t.Errorf("ParseMAC(%q) = %v, %v; want %v", s, m, err, want)
		}
	}
	for _, s := range []string{"", "02:00:00:00:00:0", "02:00:00:00:00:01:", "02:00:00:00:00:0g",
		"02.00.00.00.00.01", "02:00:00:00:00: 1", "+2:00:00:00:00:01", "0200:00:00:00:001", "020000000001"} {
		if m, err := runtime.ParseMAC(s); err == nil {
			t.Errorf("ParseMAC(%q) = %v, want an error", s, m)
		}
	}
}

func TestParseMACAllocatesNothing(t *testing.T) {
	var m runtime.MAC
	if n := testing.AllocsPerRun(100, func() { m, _ = runtime.ParseMAC("02:00:00:00:0A:ff") }); n != 0 {
		t.Errorf("ParseMAC allocates %v times", n)
	}
	if m != (runtime.MAC{2, 0, 0, 0, 0x0a, 0xff}) {
		t.Errorf("parsed %v", m)
	}
}
