package lua

import (
	"fmt"
	"testing"
)

// pairsOrder returns the keys Next visits, in order.
func pairsOrder(tb *LTable) []string {
	var keys []string
	for k, v := tb.Next(LNil); k != LNil; k, v = tb.Next(k) {
		keys = append(keys, fmt.Sprintf("%v=%v", k, v))
	}
	return keys
}

// A table keeps its string keys in a small list until it has more than
// maxSmallKeys of them or a key that is no string; either way every key is
// found and next visits them in the order they were first set.
func TestSmallTableKeepsKeysAndOrder(t *testing.T) {
	for _, n := range []int{0, 1, maxSmallKeys, maxSmallKeys + 1, 40} {
		for _, mixed := range []bool{false, true} {
			tb := newLTable(0, 0)
			tb.RawSetInt(1, LString("first"))
			var want []string
			want = append(want, "1=first")
			for i := 0; i < n; i++ {
				key := fmt.Sprintf("k%d", i)
				tb.RawSetString(key, LNumber(i))
				want = append(want, fmt.Sprintf("%s=%d", key, i))
				if mixed && i == n/2 {
					tb.RawSet(LTrue, LString("yes"))
					want = append(want, "true=yes")
				}
			}
			for i := 0; i < n; i++ {
				if got := tb.RawGetString(fmt.Sprintf("k%d", i)); got != LNumber(i) {
					t.Fatalf("n=%d mixed=%v: k%d = %v", n, mixed, i, got)
				}
			}
			if got := fmt.Sprint(pairsOrder(tb)); got != fmt.Sprint(want) {
				t.Errorf("n=%d mixed=%v: next visits %v, want %v", n, mixed, got, want)
			}
			count := 0
			tb.ForEach(func(LValue, LValue) { count++ })
			if count != len(want) {
				t.Errorf("n=%d mixed=%v: ForEach visits %d keys, want %d", n, mixed, count, len(want))
			}
		}
	}
}

// Removing a key while traversing is allowed, and next goes on from it;
// a key set again after its removal is found.
func TestSmallTableRemoveWhileTraversing(t *testing.T) {
	tb := newLTable(0, 4)
	for _, k := range []string{"a", "b", "c", "d"} {
		tb.RawSetString(k, LString(k))
	}
	var seen []string
	for k, _ := tb.Next(LNil); k != LNil; k, _ = tb.Next(k) {
		seen = append(seen, k.String())
		tb.RawSetH(k, LNil)
	}
	if fmt.Sprint(seen) != "[a b c d]" {
		t.Fatalf("traversal removing each key saw %v", seen)
	}
	if k, _ := tb.Next(LNil); k != LNil {
		t.Fatalf("emptied table still has %v", k)
	}
	tb.RawSetString("e", LNumber(5))
	tb.RawSetString("b", LNumber(2))
	if got := fmt.Sprint(pairsOrder(tb)); got != "[e=5 b=2]" {
		t.Fatalf("after setting e and b again: %v", got)
	}
	// Removed keys leave room: many keys set and removed in turn never
	// move the table to maps.
	for i := 0; i < 1000; i++ {
		k := fmt.Sprintf("t%d", i)
		tb.RawSetString(k, LTrue)
		tb.RawSetString(k, LNil)
	}
	if tb.strdict != nil || len(tb.small) > maxSmallKeys {
		t.Fatalf("churn of keys grew the table: %d small entries, maps %v", len(tb.small), tb.strdict != nil)
	}
}

// The same in Lua: a table constructor with string keys, pairs, and
// assignments that move the table to maps.
func TestSmallTableInLua(t *testing.T) {
	L := NewState()
	defer L.Close()
	err := L.DoString(`
local t = {port = 1, dst = "ff", type = 2, payload = "x"}
assert(t.port == 1 and t.dst == "ff" and t.type == 2 and t.payload == "x")
local order = {}
for k in pairs(t) do order[#order + 1] = k end
assert(table.concat(order, " ") == "port dst type payload", table.concat(order, " "))
for i = 1, 20 do t["k" .. i] = i end
t[2.5] = "half"
for i = 1, 20 do assert(t["k" .. i] == i) end
assert(t.port == 1 and t[2.5] == "half")
local n = 0
for k, v in pairs(t) do n = n + 1 end
assert(n == 25, n)
t.dst = nil
assert(t.dst == nil and next({}) == nil)
`)
	if err != nil {
		t.Fatal(err)
	}
}

// BenchmarkTableConstructor builds the table node.send takes in meshlua's
// relays: four string keys.
func BenchmarkTableConstructor(b *testing.B) {
	L := NewState()
	defer L.Close()
	if err := L.DoString(`function make(p, d, t, s) return {port = p, dst = d, type = t, payload = s} end`); err != nil {
		b.Fatal(err)
	}
	fn := L.GetGlobal("make")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		L.Push(fn)
		L.Push(LNumber(1))
		L.Push(LString("ff:ff:ff:ff:ff:ff"))
		L.Push(LNumber(0x88b5))
		L.Push(LString("payload"))
		L.Call(4, 1)
		L.Pop(1)
	}
}
