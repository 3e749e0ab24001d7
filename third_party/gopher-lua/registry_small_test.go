package lua

import "testing"

// A registry smaller than 128 values, which NewState used to replace
// with the default 5,120, grows as calls need it.
func TestSmallRegistryGrows(t *testing.T) {
	L := NewState(Options{SkipOpenLibs: true, RegistrySize: 8, RegistryMaxSize: 1 << 16, RegistryGrowStep: 8})
	defer L.Close()
	if n := len(L.reg.array); n != 8 {
		t.Fatalf("the registry starts with %d values, want 8", n)
	}
	err := L.DoString(`
local function deep(n)
  local a, b, c, d, e, f, g, h = n, n, n, n, n, n, n, n
  if n == 0 then return 0 end
  return deep(n - 1) + (a + b + c + d + e + f + g + h) / (8 * n)
end
result = deep(150)`)
	if err != nil {
		t.Fatal(err)
	}
	if got := L.GetGlobal("result"); got != LNumber(150) {
		t.Errorf("deep(150) = %v, want 150", got)
	}
	if n := len(L.reg.array); n <= 8 {
		t.Errorf("the registry did not grow: %d values", n)
	}
}
