// Package suggest finds the name a user most likely meant, for "did you
// mean" in error messages.
package suggest

// Nearest is the name in known that name most likely misspells, or "" if
// none is within the given number of edits, counting a swap of two
// neighbouring letters as one edit ("bnech" is one from "bench").
func Nearest(name string, known []string, within int) string {
	best, bestD := "", within+1
	for _, k := range known {
		if d := typoDistance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// Typo is Nearest for a name typed on the command line: at most one edit
// in three letters, so names of one or two letters have no near names.
func Typo(name string, known []string) string { return Nearest(name, known, len(name)/3) }

// typoDistance is the number of edits that turn a into b: a letter
// inserted, deleted, replaced, or two neighbouring letters swapped (the
// optimal string alignment distance).
func typoDistance(a, b string) int {
	// d[i][j] is the distance between a[:i] and b[:j]; three rows suffice.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
