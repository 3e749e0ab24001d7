package lua

import "testing"

// In a multiple assignment every value is computed before any target is
// assigned (Lua 5.1 manual §2.4.3): gopher-lua v1.1.2 compiled each value
// straight into its local, so a, b = b, a gave b, b (yuin/gopher-lua#440).
func TestMultipleAssignmentComputesAllValuesFirst(t *testing.T) {
	L := NewState()
	defer L.Close()
	err := L.DoString(`
local a, b = 1, 4
a, b = b, a
assert(a == 4 and b == 1, "swap")
local e, f = 1, 4
if e < f then e, f = f, e end
assert(e == 4 and f == 1, "swap in an if")
local x, y = 0, 0
x, y = x + 1, x + y
assert(x == 1 and y == 0, "x, y = x + 1, x + y")
local t, d, g = {}, "e", 1
g, t.d = g, d
assert(g == 1 and t.d == "e", "a local and a field")
local u, v = {x = 1}, 2
u.x, v = v, u.x
assert(u.x == 2 and v == 1, "a field and a local")
local p, q, r = 1, 2, 3
p, q, r = r, p, q
assert(p == 3 and q == 1 and r == 2, "rotate")
local function up() p, q = q, p end
up()
assert(p == 1 and q == 3, "upvalues")
local function three() return 7, 8, 9 end
p, q, r = 5, three()
assert(p == 5 and q == 7 and r == 8, "a call last")
p, q = q
assert(p == 7 and q == nil, "fewer values")
`)
	if err != nil {
		t.Fatal(err)
	}
}
