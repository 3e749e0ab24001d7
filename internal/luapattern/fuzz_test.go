package luapattern

import "testing"

// FuzzPattern compares the matcher with gopher-lua's pm on random patterns
// and subjects: the same matches and captures, or both errors, or an error
// here where pm fails to catch a malformed pattern.
func FuzzPattern(f *testing.F) {
	for _, c := range patternCases {
		f.Add(c.pattern, c.subject, uint8(0))
	}
	f.Fuzz(func(t *testing.T, pattern, subject string, init uint8) {
		if len(pattern) > 64 || len(subject) > 256 {
			return
		}
		start := int(init) % (len(subject) + 2)
		for _, limit := range []int{1, -1} {
			if d := compare(pattern, subject, start, limit); d != "" {
				t.Fatal(d)
			}
		}
	})
}
