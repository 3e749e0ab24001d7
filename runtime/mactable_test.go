package runtime

import "testing"

func TestMACTable(t *testing.T) {
	var tab macTable
	a, b := &Port{index: 1}, &Port{index: 2}
	mac := func(i int) MAC { return MAC{2, 0, 0, byte(i >> 16), byte(i >> 8), byte(i)} }
	for i := 0; i < 1000; i++ {
		p := a
		if i%2 == 1 {
			p = b
		}
		tab.put(mac(i), p)
	}
	tab.put(mac(0), b) // moved
	if tab.n != 1000 || 2*tab.n > len(tab.keys) {
		t.Fatalf("%d entries in %d slots", tab.n, len(tab.keys))
	}
	for i := 0; i < 1000; i++ {
		want := a
		if i%2 == 1 || i == 0 {
			want = b
		}
		if p, ok := tab.get(mac(i)); !ok || p != want {
			t.Fatalf("mac %d: got %v %v", i, p, ok)
		}
	}
	if _, ok := tab.get(mac(5000)); ok {
		t.Error("found an address never learnt")
	}
	tab.forget(b)
	if tab.n != 499 {
		t.Errorf("after forgetting b: %d entries, want 499", tab.n)
	}
	if _, ok := tab.get(mac(1)); ok {
		t.Error("an address behind a forgotten port is still there")
	}
	if p, ok := tab.get(mac(2)); !ok || p != a {
		t.Error("forgetting b lost a's addresses")
	}
	for i := 0; i < macTableLimit+10; i++ {
		tab.put(mac(i), a)
	}
	if tab.n != macTableLimit {
		t.Errorf("learnt %d addresses, want the limit %d", tab.n, macTableLimit)
	}
}

// The last address learnt and found are remembered: a move or a forget
// must not leave a stale answer behind.
func TestMACTableRemembersNothingStale(t *testing.T) {
	var tab macTable
	a, b := &Port{index: 1}, &Port{index: 2}
	x, y := MAC{2, 0, 0, 0, 0, 1}, MAC{2, 0, 0, 0, 0, 2}
	tab.put(x, a)
	tab.put(y, b)
	if p, _ := tab.get(x); p != a {
		t.Fatal("x not behind a")
	}
	tab.put(x, b) // x moved after a lookup
	if p, _ := tab.get(x); p != b {
		t.Error("a lookup after x moved still says a")
	}
	tab.put(x, a) // and back: the last learnt was (x, b)
	if p, _ := tab.get(x); p != a {
		t.Error("x moved back to a, but a lookup says b")
	}
	tab.forget(a)
	if _, ok := tab.get(x); ok {
		t.Error("x is still found after forgetting its port")
	}
	tab.put(x, a) // the same pair learnt before the forget must be learnt again
	if p, ok := tab.get(x); !ok || p != a {
		t.Error("x learnt again behind a is not found")
	}
}

func BenchmarkMACTable(b *testing.B) {
	var tab macTable
	p := &Port{}
	for i := 0; i < 1024; i++ {
		tab.put(MAC{2, 0, 0, 0, byte(i >> 8), byte(i)}, p)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m := MAC{2, 0, 0, 0, byte(i >> 8 & 3), byte(i)}
		tab.put(m, p)
		tab.get(m)
	}
}
