package bindings

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/gopacket/pcapgo"
)

func TestCaptureStopsAtItsLimitAndSaysSoOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.pcap")
	var stderr bytes.Buffer
	_, err := runLua(t, "", `
local l = mesh.link("l")
mesh.node("a", {links = {l}, program = "node.every(0.001, function() node.broadcast(string.rep('x', 100)) end)"})
mesh.capture(l, "`+path+`", {limit = "10KB"})
mesh.run(1)   -- 1000 frames, about 130 kB
mesh.run(1)`, func(h *Host) { h.SetStderr(&stderr) })
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 10_000 || fi.Size() < 10_000-130 {
		t.Errorf("the capture holds %d bytes, want the most whole records within 10000", fi.Size())
	}
	say := regexp.MustCompile(`^meshlua: mesh.capture ` + regexp.QuoteMeta(path) +
		`: stopped at its size limit of 10KB \(option limit\) at 0\.0\d\d000 s of network time; later frames are not captured\n$`)
	if !say.MatchString(stderr.String()) {
		t.Errorf("stderr %q, want one line saying the capture stopped at its limit", stderr.String())
	}
}

func TestCaptureToPcapngNamesItsInterface(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.pcapng")
	out := mustRun(t, `
local l = mesh.link("l")
local a = mesh.node("a", {links = {l}, program = "node.every(0.1, function() node.broadcast('x') end)"})
mesh.node("b", {links = {l}, program = "counter"})
mesh.capture(a, "`+path+`", {limit = 0})
mesh.run(1)
print(a:stats().sent)`)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcapgo.NewNgReader(f, pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for ; ; n++ {
		if _, _, err := r.ReadPacketData(); err != nil {
			break
		}
	}
	intf, err := r.Interface(0)
	if err != nil || intf.Name != "a" || r.NInterfaces() != 1 {
		t.Errorf("interfaces: %d, the first %+v (%v); want one, called a", r.NInterfaces(), intf, err)
	}
	if want := strings.TrimSpace(out); want != "10" || n != 10 {
		t.Errorf("the capture holds %d frames, node a sent %s; want 10 of both", n, want)
	}
}

func TestCaptureOptionsAreChecked(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`mesh.capture(mesh.link("l"), "x.pcap", {limt = 1})`, `mesh.capture: unknown option "limt" (did you mean "limit"?)`},
		{`mesh.capture(mesh.link("l"), "x.pcap", {limit = "lots"})`, `mesh.capture: option limit: bad size "lots"`},
		{`mesh.capture(mesh.link("l"), "x.pcap", {rotate = 0})`, `mesh.capture: option rotate: want a whole number of files >= 1, got 0`},
		{`mesh.capture(mesh.link("l"), "x.pcap", {rotate = 2.5})`, `mesh.capture: option rotate: want a whole number of files >= 1, got 2.5`},
		{`mesh.capture(mesh.link("l"), "x.pcap", {limit = 0, rotate = 2})`, `mesh.capture: option rotate: files rotate at a size limit, and limit 0 is none`},
		{`mesh.capture(mesh.link("l"), "/no/such/dir/x.pcap")`, `mesh.capture: capture: open /no/such/dir/x.pcap: no such file or directory`},
	} {
		_, err := runLua(t, "", c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want it to contain %q", c.src, err, c.want)
		}
	}
}
