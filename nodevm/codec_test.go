package nodevm

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// A node's codec is one read-only module per VM, and its encodings are
// bounded by the node's string limit (a quarter of its memory budget).
func TestCodecInANode(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `
  local codec = require "codec"
  function check()
    local same = codec == require "codec"
    local wrote = pcall(function() codec.encode = nil end)
    local v = codec.decode(codec.encode{1, "two", {three = 3}})
    local big = string.rep("x", 200 * 1024)
    local ok, err = pcall(codec.encode, {big, big})
    return same, wrote, v[2], v[3].three, ok, err
  end`, nodeOptions{memory: 1 << 20})
	got := tn.mustCall(n, "check")
	want := "true\tfalse\ttwo\t3\tfalse\t[n]:8: codec.encode: cannot encode: the encoding passes the limit of 262144 bytes"
	if got != want {
		t.Errorf("codec in a node:\n got %q\nwant %q", got, want)
	}
}

// A decode of hostile bytes in a node is an error value, and the node
// goes on.
func TestCodecDecodeGarbageInANode(t *testing.T) {
	tn := newTestNet(t)
	n := tn.node("n", `
  local codec = require "codec"
  function check(s) return codec.decode(s) end`, nodeOptions{})
	for _, s := range []string{"", "\x06\xff\xff\xff\xff\x0f", strings.Repeat("\x06\x01\x00", 50)} {
		got, err := tn.call(n, "check", lua.LString(s))
		if err != nil || !strings.HasPrefix(got, "nil\tcodec.decode: ") {
			t.Errorf("decode %q: %q, %v", s, got, err)
		}
	}
}
