package bench

import "testing"

func TestNumbersAndRatios(t *testing.T) {
	for v, want := range map[float64]string{1234567: "1,234,567", -1500: "-1,500", 12.345: "12.3", 0.00001: "0.00001", 0: "0", 999: "999"} {
		if got := number(v); got != want {
			t.Errorf("number(%v) = %q, want %q", v, got, want)
		}
	}
	if f := atLeast("x", 150, "frames/s", 300, ""); f.Ratio != 0.5 || f.Target != "≥ 300" {
		t.Errorf("atLeast: %+v", f)
	}
	if f := atMost("x", 20, "bytes", 40, ""); f.Ratio != 2 || f.Target != "≤ 40" {
		t.Errorf("atMost: %+v", f)
	}
	if f := atMost("x", 0, "allocs", 0.01, ""); f.Ratio != 1 {
		t.Errorf("atMost of nothing: %+v", f)
	}
	if _, err := Run(Config{Quick: true}, []string{"nosuch"}, nil); err == nil || !Known("switch") || Known("nosuch") {
		t.Errorf("unknown names: %v", err)
	}
}
