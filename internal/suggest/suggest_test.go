package suggest

import "testing"

func TestNearestNames(t *testing.T) {
	known := []string{"bench", "budget", "e", "i", "memory", "seed", "version"}
	for name, want := range map[string]string{
		"bnech":      "bench",   // a swap
		"sed":        "seed",    // a letter left out
		"verison":    "version", // a swap
		"memroy":     "memory",
		"memoryy":    "memory",
		"bugdet":     "budget",
		"x":          "", // too short to guess
		"se":         "",
		"bnehc":      "", // two edits in five letters
		"frobnicate": "",
	} {
		if got := Typo(name, known); got != want {
			t.Errorf("Typo(%q) = %q, want %q", name, got, want)
		}
	}
}
