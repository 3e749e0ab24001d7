package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// pinging builds lan, where a ping node pings another (ARP, IPv4, ICMP),
// and wan, a lossy link where a node floods meshlua frames. The run's
// second second adds link late; the script prints each link's name and
// offered count at the end.
const pinging = `
local lan = mesh.link("lan", {delay = "1ms"})
mesh.node("h1", {links = {lan}, program = "ping", args = {ip = "10.0.0.1", target = "10.0.0.2", interval = 0.1}})
mesh.node("h2", {links = {lan}, program = "ping", args = {ip = "10.0.0.2"}})
local wan = mesh.link("wan", {loss = 0.3})
mesh.node("f1", {links = {wan}, program = "node.every(0.05, function() node.broadcast('over the wan') end)"})
mesh.node("f2", {links = {wan}, program = "counter"})
mesh.run(1)
local late = mesh.link("late")
mesh.node("f3", {links = {late}, program = "node.every(0.1, function() node.broadcast('late') end)"})
mesh.node("f4", {links = {late}})
mesh.run(1)
for _, l in ipairs(mesh.links()) do print(l.name, l:stats().offered) end
`

// offeredCounts reads the script's closing lines: link name and offered
// count.
func offeredCounts(t *testing.T, out string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var name string
		var n int
		if _, err := fmt.Sscanf(line, "%s\t%d", &name, &n); err == nil {
			counts[name] = n
		}
	}
	return counts
}

// tsharkFields reads a capture with tshark (and the dissector, if one is
// given) and returns the fields of each frame.
func tsharkFields(t *testing.T, path, dissector string, fields ...string) [][]string {
	t.Helper()
	tshark := needTool(t, "tshark")
	args := []string{"-r", path, "-T", "fields"}
	if dissector != "" {
		args = append([]string{"-X", "lua_script:" + dissector}, args...)
	}
	for _, f := range fields {
		args = append(args, "-e", f)
	}
	out, err := exec.Command(tshark, args...).Output()
	if err != nil {
		t.Fatalf("tshark %s: %v", strings.Join(args, " "), err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

// countBy counts the frames by the value of their field i.
func countBy(rows [][]string, i int) map[string]int {
	n := map[string]int{}
	for _, r := range rows {
		n[r[i]]++
	}
	return n
}

func TestPcapHasAnInterfacePerLinkHoldingWhatItWasOffered(t *testing.T) {
	pcap := filepath.Join(t.TempDir(), "all.pcapng")
	status, out, stderr := meshlua(t, "--pcap", pcap, writeScript(t, "net.lua", pinging))
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	rows := tsharkFields(t, pcap, "", "frame.interface_name", "frame.protocols")
	want := offeredCounts(t, out)
	if got := countBy(rows, 0); len(want) != 3 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("tshark counts frames per interface %v, want the links' offered counts %v", got, want)
	}
	protocols := map[string]bool{}
	for _, r := range rows {
		protocols[r[1]] = true
	}
	for _, p := range []string{"eth:ethertype:arp", "eth:ethertype:ip:icmp:data", "eth:ethertype:data"} {
		if !protocols[p] {
			t.Errorf("tshark decodes no frame as %s; it decodes %v", p, protocols)
		}
	}
}

func TestPcapCapturesLinksMadeInTheREPL(t *testing.T) {
	bin := buildMeshlua(t)
	pcap := filepath.Join(t.TempDir(), "all.pcapng")
	c := startChild(t, bin, "--pcap", pcap, "-i", "-e", `a = mesh.node("a", {program = "node.every(0.1, function() node.broadcast('x') end)"})`)
	c.stdout.await(t, "> ")
	fmt.Fprintln(c.stdin, `l = mesh.link("typed") mesh.connect(a, l) mesh.node("b", {links = {l}}) mesh.run(1) print("offered", l:stats().offered)`)
	c.stdout.await(t, "offered\t10\n")
	c.stdin.Close()
	if ws := c.end(t); ws.ExitStatus() != 0 {
		t.Fatalf("exit status %d: %s", ws.ExitStatus(), c.stderr)
	}
	if got := countBy(tsharkFields(t, pcap, "", "frame.interface_name"), 0); fmt.Sprint(got) != "map[typed:10]" {
		t.Errorf("tshark counts frames per interface %v, want typed: 10", got)
	}
}

func TestPcapFolderHasAFilePerLink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "caps") + "/"
	status, out, stderr := meshlua(t, "--pcap", dir, writeScript(t, "net.lua", pinging))
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"lan.pcapng", "late.pcapng", "wan.pcapng"}; !slices.Equal(names, want) {
		t.Fatalf("the folder holds %v, want %v", names, want)
	}
	for name, n := range offeredCounts(t, out) {
		got := countBy(tsharkFields(t, filepath.Join(dir, name+".pcapng"), "", "frame.interface_name"), 0)
		if fmt.Sprint(got) != fmt.Sprintf("map[%s:%d]", name, n) {
			t.Errorf("%s.pcapng: tshark counts %v, want %d frames of interface %s", name, got, n, name)
		}
	}
}

func TestPcapLimitStopsTheCaptureAndSaysSo(t *testing.T) {
	pcap := filepath.Join(t.TempDir(), "all.pcapng")
	status, _, stderr := meshlua(t, "--pcap", pcap, "--pcap-limit", "20KB", "-e", `
local l = mesh.link("l")
mesh.node("a", {links = {l}, program = "node.every(0.001, function() node.broadcast(string.rep('x', 100)) end)"})
mesh.run(10)`)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	say := regexp.MustCompile(`^meshlua: --pcap ` + regexp.QuoteMeta(pcap) +
		`: stopped at its size limit of 20KB \(--pcap-limit\) at 0\.1\d\d000 s of network time; later frames are not captured\n$`)
	if !say.MatchString(stderr) {
		t.Errorf("stderr %q, want one line saying the capture stopped at its limit", stderr)
	}
	fi, err := os.Stat(pcap)
	if err != nil {
		t.Fatal(err)
	}
	records := len(tsharkFields(t, pcap, "", "frame.number"))
	if fi.Size() > 20_000 || fi.Size() < 20_000-150 || records < 100 {
		t.Errorf("the capture holds %d bytes in %d frames, want the most whole frames within 20000 bytes", fi.Size(), records)
	}
	tsharkReads(t, pcap)
}

// --pcap-rotate starts the file again at --pcap-limit: tshark reads every
// file of the rotation to its end, none is over the limit, together they
// hold every frame the links were offered, and stderr says so once.
func TestPcapRotateKeepsEveryFrameInFilesWithinTheLimit(t *testing.T) {
	dir := t.TempDir()
	pcap := filepath.Join(dir, "all.pcapng")
	tshark := needTool(t, "tshark")
	status, stdout, stderr := meshlua(t, "--pcap", pcap, "--pcap-limit", "20KB", "--pcap-rotate", "100", "-e", `
local l = mesh.link("l")
mesh.node("a", {links = {l}, program = "node.every(0.001, function() node.broadcast(string.rep('x', 100)) end)"})
mesh.run(0.4)
print(l:stats().offered)`)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	say := regexp.MustCompile(`^meshlua: --pcap ` + regexp.QuoteMeta(pcap) +
		`: a file reached the size limit of 20KB \(--pcap-limit\) at 0\.1\d\d000 s of network time; rotating: the newest 100 files are kept \(` +
		regexp.QuoteMeta(pcap+", "+filepath.Join(dir, "all.1.pcapng")) + `, \.\.\.\)\n$`)
	if !say.MatchString(stderr) {
		t.Errorf("stderr %q, want one line saying the capture rotates", stderr)
	}
	var offered, frames int
	fmt.Sscan(stdout, &offered)
	entries, _ := os.ReadDir(dir)
	for i := range entries {
		path := filepath.Join(dir, "all.pcapng")
		if i > 0 {
			path = filepath.Join(dir, fmt.Sprintf("all.%d.pcapng", i))
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatalf("the rotation's files are %v: %v", entries, err)
		}
		if fi.Size() > 20_000 {
			t.Errorf("%s holds %d bytes, over the limit", path, fi.Size())
		}
		var errs bytes.Buffer
		read := exec.Command(tshark, "-r", path, "-T", "fields", "-e", "frame.number")
		read.Stderr = &errs
		out, err := read.Output()
		if err != nil || strings.Contains(errs.String(), "cut short") {
			t.Errorf("tshark -r %s: %v\n%s", path, err, errs.String())
		}
		frames += strings.Count(string(out), "\n")
	}
	if len(entries) < 3 || frames != offered {
		t.Errorf("%d files hold %d frames, want the %d offered in some 3 files", len(entries), frames, offered)
	}
}

func TestPcapUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--pcap", "/no/such/dir/x.pcapng", "-e", ""}, "meshlua: --pcap: capture: open /no/such/dir/x.pcapng: no such file or directory\n"},
		{[]string{"--pcap-limit", "1GB", "-e", ""}, "meshlua: --pcap-limit: there is no capture to limit: add --pcap FILE\n"},
		{[]string{"--pcap", "x.pcapng", "--pcap-limit", "lots", "-e", ""}, `meshlua: --pcap-limit: bad size "lots"`},
		{[]string{"--pcap-limt", "1GB", "-e", ""}, "meshlua: unknown option --pcap-limt (did you mean --pcap-limit?)\n"},
		{[]string{"--pcap-rotate", "3", "-e", ""}, "meshlua: --pcap-rotate: there is no capture to rotate: add --pcap FILE\n"},
		{[]string{"--pcap", "x.pcapng", "--pcap-rotate", "-1", "-e", ""}, "meshlua: --pcap-rotate: want a number of files >= 1, got -1\n"},
		{[]string{"--pcap", "x.pcapng", "--pcap-limit", "0", "--pcap-rotate", "2", "-e", ""}, "meshlua: --pcap-rotate: files rotate at a size limit, and --pcap-limit 0 is none\n"},
	} {
		status, _, stderr := meshlua(t, c.args...)
		if status != 2 || !strings.HasPrefix(stderr, c.want) {
			t.Errorf("meshlua %v: status %d, stderr %q; want 2 and %q", c.args, status, stderr, c.want)
		}
	}
}

// TestPcapReadsToItsEndAfterSIGTERM stops a flooding run, in virtual and
// in real time, with SIGTERM: the capture reads to its end.
func TestPcapReadsToItsEndAfterSIGTERM(t *testing.T) {
	bin := buildMeshlua(t)
	for _, clock := range []string{"virtual", "realtime"} {
		t.Run(clock, func(t *testing.T) {
			t.Parallel()
			pcap := filepath.Join(t.TempDir(), "all.pcapng")
			c := startChild(t, bin, "--pcap", pcap, writeScript(t, "flood.lua", `
local l = mesh.link("l")
mesh.node("a", {program = "node.every(0.001, function() node.broadcast('flood') end)", links = {l}})
mesh.node("b", {links = {l}})
mesh.realtime(`+fmt.Sprint(clock == "realtime")+`)
for i = 1, math.huge do mesh.run(0.1) print("ran", i, l:stats().offered) end`))
			c.stdout.await(t, "ran\t3\t")
			c.signal(t, syscall.SIGTERM)
			c.expectExit(t, 143, "meshlua: interrupted (SIGTERM)")
			tsharkReads(t, pcap)
			var offered int
			if _, err := fmt.Sscanf(c.stdout.String(), "ran\t1\t%d\nran\t2\t%d\nran\t3\t%d", &offered, &offered, &offered); err != nil {
				t.Fatalf("stdout %q: %v", c.stdout, err)
			}
			if frames := len(tsharkFields(t, pcap, "", "frame.number")); frames < offered {
				t.Errorf("the capture holds %d frames, want at least the %d offered by the third run", frames, offered)
			}
		})
	}
}

func TestTheDissectorDecodesMeshluaFrames(t *testing.T) {
	pcap := filepath.Join(t.TempDir(), "all.pcapng")
	status, _, stderr := meshlua(t, "--pcap", pcap, "-e", `
local nodes = mesh.topo.line(2, {program = "flood", args = {quiet = true}})
mesh.run(0)
nodes[1]:call("send", "hello there")
local l = mesh.link("x")
mesh.node("p", {links = {l}, program = "node.broadcast('plain text'); node.broadcast(string.char(0, 1, 2))"})
mesh.run(1)`)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	dissector, err := filepath.Abs("../../contrib/wireshark/meshlua.lua")
	if err != nil {
		t.Fatal(err)
	}
	rows := tsharkFields(t, pcap, dissector, "frame.interface_name", "meshlua.len", "meshlua.text",
		"meshlua.flood.origin", "meshlua.flood.seq", "meshlua.flood.ttl", "meshlua.flood.hops", "meshlua.flood.text")
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r, "|"))
	}
	want := []string{"n1-n2|28||n1|1|16|0|hello there", "x|10|plain text|||||", "x|3||||||"}
	if !slices.Equal(got, want) {
		t.Errorf("tshark with the dissector reads\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPcapIsTheSameForTheSameSeed(t *testing.T) {
	script := writeScript(t, "net.lua", pinging)
	var files [][]byte
	for _, name := range []string{"a.pcapng", "b.pcapng"} {
		pcap := filepath.Join(t.TempDir(), name)
		if status, _, stderr := meshlua(t, "--seed", "5", "--pcap", pcap, script); status != 0 {
			t.Fatalf("status %d: %s", status, stderr)
		}
		b, err := os.ReadFile(pcap)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) || len(files[0]) < 1000 {
		t.Errorf("two runs with the same seed wrote captures of %d and %d bytes that differ", len(files[0]), len(files[1]))
	}
}

func TestPcapIsCompleteAfterAnError(t *testing.T) {
	pcap := filepath.Join(t.TempDir(), "all.pcapng")
	status, _, stderr := meshlua(t, "--pcap", pcap, "-e", `
local l = mesh.link("l")
mesh.node("a", {links = {l}, program = "node.every(0.001, function() node.broadcast('x') end)"})
mesh.run(10)
error("boom")`)
	if status != 1 || !strings.Contains(stderr, "boom") {
		t.Fatalf("status %d, stderr %q; want 1 and the error", status, stderr)
	}
	tsharkReads(t, pcap)
	if frames := len(tsharkFields(t, pcap, "", "frame.number")); frames != 10000 {
		t.Errorf("the capture holds %d frames, want the 10000 sent before the error", frames)
	}
}

func TestPcapOfANetworkWithoutLinksIsAnEmptyCapture(t *testing.T) {
	pcap := filepath.Join(t.TempDir(), "none.pcapng")
	if status, _, stderr := meshlua(t, "--pcap", pcap, "-e", `mesh.node("alone") mesh.run(1)`); status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	tsharkReads(t, pcap)
	if out, err := exec.Command(needTool(t, "tshark"), "-r", pcap).Output(); err != nil || len(out) != 0 {
		t.Errorf("tshark -r: %v, %q; want no frames", err, out)
	}
}
