package runtime

import (
	"encoding/hex"
	"fmt"
)

// MAC is an Ethernet hardware address.
type MAC [6]byte

// Broadcast is the all-ones Ethernet address.
var Broadcast = MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// IsGroup reports whether m is a broadcast or multicast address.
func (m MAC) IsGroup() bool { return m[0]&1 == 1 }

// String formats m as "02:00:00:00:00:01".
func (m MAC) String() string {
	const hexdig = "0123456789abcdef"
	var b [17]byte
	for i, v := range m {
		if i > 0 {
			b[i*3-1] = ':'
		}
		b[i*3] = hexdig[v>>4]
		b[i*3+1] = hexdig[v&15]
	}
	return string(b[:])
}

// ParseMAC parses "02:00:00:00:00:01" (or with '-' separators).
func ParseMAC(s string) (MAC, error) {
	var m MAC
	if len(s) != 17 {
		return m, fmt.Errorf("bad MAC address %q: want six hex bytes like 02:00:00:00:00:01", s)
	}
	for i := 0; i < 6; i++ {
		if i > 0 && s[i*3-1] != ':' && s[i*3-1] != '-' {
			return m, fmt.Errorf("bad MAC address %q: want six hex bytes like 02:00:00:00:00:01", s)
		}
		if _, err := hex.Decode(m[i:i+1], []byte(s[i*3:i*3+2])); err != nil {
			return m, fmt.Errorf("bad MAC address %q: want six hex bytes like 02:00:00:00:00:01", s)
		}
	}
	return m, nil
}
