package irc

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/meshlua/meshlua/runtime"
)

// A frame travels as one or more PRIVMSG lines to the channel, each of
// whose text is
//
//	ML1 NETWORK ID I/N DATA
//
// ML1 is the magic and version; NETWORK is 8 lowercase hex digits, the
// FNV-1a 32-bit hash of the network's name; ID is the frame's id, 1 to 8
// lowercase hex digits, from a counter of the sender; I/N is the part and
// the number of parts, decimal, 1 <= I <= N <= 99; DATA is the part's bytes
// of the frame in standard base64 without padding. Every part but the
// last carries a multiple of 3 bytes, so each decodes on its own, and the
// parts in order are the frame.
const (
	magic    = "ML"
	version  = '1'
	maxParts = 99
	// headerRoom is the longest text in front of DATA:
	// "ML1 " + 8 + " " + 8 + " " + "99/99" + " ".
	headerRoom = 4 + 8 + 1 + 8 + 1 + 5 + 1
	// minUser and minHost are the user and host lengths the room for a
	// line assumes at least, in case the server changes them (a cloak)
	// after the link has seen them.
	minUser = 10
	minHost = 63
	// lineMax is the longest line a server relays, CR LF included.
	lineMax = 512
	// minPart is the fewest bytes a line must carry for the largest frame
	// to fit in maxParts lines.
	minPart = (runtime.MaxFrame + maxParts - 1) / maxParts
)

var b64 = base64.RawStdEncoding

// networkID is the NETWORK field of a network called name.
func networkID(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%08x", h.Sum32())
}

// partBytes is how many bytes of a frame one line carries, for a sender
// whose prefix is nick!user@host writing to channel: the relayed line
// ":nick!user@host PRIVMSG channel :TEXT\r\n" must fit in 512 bytes.
func partBytes(nick, user, host, channel string) int {
	prefix := 1 + len(nick) + 1 + max(len(user), minUser) + 1 + max(len(host), minHost)
	text := lineMax - prefix - len(" PRIVMSG ") - len(channel) - len(" :") - len("\r\n")
	return (text - headerRoom) / 4 * 3
}

// encode appends to lines the texts of frame's parts, with part bytes per
// line.
func encode(lines []string, network string, id uint32, frame []byte, part int) []string {
	n := max(1, (len(frame)+part-1)/part)
	idHex := strconv.FormatUint(uint64(id), 16)
	for i := 1; i <= n; i++ {
		chunk := frame[(i-1)*part : min(i*part, len(frame))]
		var b strings.Builder
		b.Grow(headerRoom + b64.EncodedLen(len(chunk)))
		fmt.Fprintf(&b, "%s%c %s %s %d/%d ", magic, version, network, idHex, i, n)
		b.WriteString(b64.EncodeToString(chunk))
		lines = append(lines, b.String())
	}
	return lines
}

// part is one parsed line of a frame.
type part struct {
	id   string
	i, n int
	data []byte
}

// parse reads a line's text as a part of a frame of network, or says why
// it is not one.
func parse(text, network string) (part, runtime.DeviceReason, bool) {
	var p part
	if len(text) < 4 || text[:2] != magic || text[2] < '0' || text[2] > '9' || text[3] != ' ' {
		return p, runtime.DevOtherTraffic, false
	}
	if text[2] != version {
		return p, runtime.DevBadVersion, false
	}
	f := strings.Split(text[4:], " ")
	if len(f) != 4 || !isHex(f[0], 8, 8) || !isHex(f[1], 1, 8) {
		return p, runtime.DevMalformed, false
	}
	if f[0] != network {
		return p, runtime.DevForeignNetwork, false
	}
	p.id = f[1]
	is, ns, ok := strings.Cut(f[2], "/")
	var err1, err2 error
	p.i, err1 = strconv.Atoi(is)
	p.n, err2 = strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || p.i < 1 || p.i > p.n || p.n > maxParts {
		return p, runtime.DevMalformed, false
	}
	// A part before the last decodes on its own, and base64 skips CR and
	// LF, which would make such a part's bytes fewer than its length says.
	if p.i < p.n && len(f[3])%4 != 0 || strings.ContainsAny(f[3], "\r\n") {
		return p, runtime.DevMalformed, false
	}
	data, err := b64.DecodeString(f[3])
	if err != nil || len(data) > runtime.MaxFrame {
		return p, runtime.DevMalformed, false
	}
	p.data = data
	return p, 0, true
}

func isHex(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
