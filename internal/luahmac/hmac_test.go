package luahmac

import (
	"encoding/hex"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// hmac.sha256 gives RFC 4231's MAC for its test case 2, and hmac.equal
// tells equal strings from strings that differ in one byte or in length.
func TestSHA256AndEqual(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	m := L.NewTable()
	luakit.SetFuncs(L, m, Funcs())
	L.SetGlobal("hmac", m)
	err := L.DoString(`
mac = hmac.sha256("Jefe", "what do ya want for nothing?")
other = mac:sub(1, 31) .. string.char((mac:byte(32) + 1) % 256)
same, differ, shorter = hmac.equal(mac, mac), hmac.equal(mac, other), hmac.equal(mac, mac:sub(1, 31))`)
	if err != nil {
		t.Fatal(err)
	}
	want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got := hex.EncodeToString([]byte(L.GetGlobal("mac").String())); got != want {
		t.Errorf("hmac.sha256: got %s, want %s", got, want)
	}
	for name, want := range map[string]lua.LValue{"same": lua.LTrue, "differ": lua.LFalse, "shorter": lua.LFalse} {
		if got := L.GetGlobal(name); got != want {
			t.Errorf("hmac.equal (%s): got %v, want %v", name, got, want)
		}
	}
}
