package luapattern

import "math/bits"

// class is a set of bytes, one bit a byte value: what one pattern item
// matches.
type class [4]uint64

// has reports whether c is in the class.
func (k *class) has(c byte) bool { return k[c>>6]&(1<<(c&63)) != 0 }

// add puts c in the class.
func (k *class) add(c byte) { k[c>>6] |= 1 << (c & 63) }

// addRange puts the bytes lo to hi in the class.
func (k *class) addRange(lo, hi byte) {
	for c := int(lo); c <= int(hi); c++ {
		k.add(byte(c))
	}
}

// union puts the bytes of o in the class.
func (k *class) union(o *class) {
	for i := range k {
		k[i] |= o[i]
	}
}

// invert makes the class its complement.
func (k *class) invert() {
	for i := range k {
		k[i] = ^k[i]
	}
}

// only returns the class's byte and true when it has exactly one.
func (k *class) only() (byte, bool) {
	n := 0
	for _, w := range k {
		n += bits.OnesCount64(w)
	}
	if n != 1 {
		return 0, false
	}
	for i, w := range k {
		if w != 0 {
			return byte(i*64 + bits.TrailingZeros64(w)), true
		}
	}
	return 0, false
}

var (
	// single holds the class of each byte alone.
	single [256]class
	// escapes holds the class of %c for each byte c: for the class letters
	// (%a, %c, %d, %l, %p, %s, %u, %w, %x and %z in the C locale, and the
	// upper-case letters for their complements) the class, else c alone.
	escapes [256]*class
	// anyByte is the class of '.'.
	anyByte class
)

func init() {
	for c := range single {
		single[c].add(byte(c))
		escapes[c] = &single[c]
	}
	anyByte.invert()
	upper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	lower := func(c byte) bool { return 'a' <= c && c <= 'z' }
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	for letter, in := range map[byte]func(c byte) bool{
		'a': func(c byte) bool { return upper(c) || lower(c) },
		'c': func(c byte) bool { return c < 0x20 || c == 0x7f },
		'd': digit,
		'l': lower,
		'p': func(c byte) bool {
			return 0x21 <= c && c <= 0x2f || 0x3a <= c && c <= 0x40 || 0x5b <= c && c <= 0x60 || 0x7b <= c && c <= 0x7e
		},
		's': func(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' },
		'u': upper,
		'w': func(c byte) bool { return upper(c) || lower(c) || digit(c) },
		'x': func(c byte) bool { return digit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' },
		'z': func(c byte) bool { return c == 0 },
	} {
		var k class
		for c := 0; c < 256; c++ {
			if in(byte(c)) {
				k.add(byte(c))
			}
		}
		complement := k
		complement.invert()
		escapes[letter], escapes[letter-'a'+'A'] = &k, &complement
	}
}

// isClassLetter reports whether %c is a class rather than c itself.
func isClassLetter(c byte) bool { return escapes[c] != &single[c] }
