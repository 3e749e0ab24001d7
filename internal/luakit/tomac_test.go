package luakit

import (
	"fmt"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/runtime"
)

// ToMAC gives every string its own address, whether it was parsed before,
// is new bytes with the same text, or shares a cache slot with others; a
// string read again costs no allocation.
func TestToMACRemembersStringsByTheirBytes(t *testing.T) {
	for round := 0; round < 2; round++ {
		for i := 0; i < 2000; i++ {
			text := fmt.Sprintf("02:00:00:00:%02x:%02x", i>>8, i&0xff)
			got, err := ToMAC(lua.LString(text))
			want, _ := runtime.ParseMAC(text)
			if err != nil || got != want {
				t.Fatalf("round %d: %s -> %v, %v", round, text, got, err)
			}
		}
	}
	if _, err := ToMAC(lua.LString("02:00:00:00:00:zz")); err == nil {
		t.Error("a bad address parsed")
	}
	kept := lua.LValue(lua.LString("02:aa:bb:cc:dd:ee"))
	ToMAC(kept)
	if n := testing.AllocsPerRun(100, func() { ToMAC(kept) }); n != 0 {
		t.Errorf("reading the same string again allocates %v times", n)
	}
}
