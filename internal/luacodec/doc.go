// Package luacodec encodes Lua values (nil, booleans, numbers, strings and
// tables of them) as compact bytes and decodes them back: the `codec`
// module of node programs and scripts, for protocol messages in frame
// payloads. Decoding is safe on hostile input: nesting, sizes and counts
// are bounded and checked against the bytes there are, and anything wrong
// is an error that says where, never a crash.
//
// The encoding, one value after another:
//
//	0x00                 nil
//	0x01, 0x02           false, true
//	0x03 zigzag-varint   a number that is an integer of at most 2^53
//	0x04 8 bytes         any other number, IEEE 754 binary64, big-endian
//	0x05 varint bytes    a string: its length, then its bytes
//	0x06 varint varint   a table: n, the length of its list part t[1..n],
//	                     and m, its other keys; then the n values in order,
//	                     then m keys each followed by its value
//
// Varints are unsigned LEB128 (encoding/binary's Uvarint). A table's other
// keys (numbers, strings or booleans) are written sorted: numbers first in
// ascending order, then strings bytewise, then false and true, so equal
// tables encode to equal bytes.
package luacodec
