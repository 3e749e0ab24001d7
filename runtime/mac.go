package runtime

import "fmt"

// MAC is an Ethernet hardware address.
type MAC [6]byte

// Broadcast is the all-ones Ethernet address.
var Broadcast = MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// IsGroup reports whether m is a broadcast or multicast address.
func (m MAC) IsGroup() bool { return m[0]&1 == 1 }

// String formats m as "02:00:00:00:00:01".
func (m MAC) String() string {
	var b [17]byte
	return string(m.Append(b[:0]))
}

// Append appends m as String formats it to b.
func (m MAC) Append(b []byte) []byte {
	const hexdig = "0123456789abcdef"
	for i, v := range m {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hexdig[v>>4], hexdig[v&15])
	}
	return b
}

// ParseMAC parses "02:00:00:00:00:01" (or with '-' separators, in either
// case). It allocates only for the error.
func ParseMAC(s string) (MAC, error) {
	var m MAC
	if len(s) != 17 {
		return m, badMAC(s)
	}
	for i := range m {
		if i > 0 && s[i*3-1] != ':' && s[i*3-1] != '-' {
			return m, badMAC(s)
		}
		hi, ok1 := unhex(s[i*3])
		lo, ok2 := unhex(s[i*3+1])
		if !ok1 || !ok2 {
			return m, badMAC(s)
		}
		m[i] = hi<<4 | lo
	}
	return m, nil
}

func badMAC(s string) error {
	return fmt.Errorf("bad MAC address %q: want six hex bytes like 02:00:00:00:00:01", s)
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
