package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// tapPathScript joins two tap interfaces, mla and mlb, through three Lua
// bridges and two virtual links of arg[1] delay each; arg[2] is the first
// link's loss, arg[3] both links' rate ("none": no limit). It prints
// "ready" once the interfaces exist, runs until its input ends, then
// prints each link's lateness: frames, median, p99 and max in seconds.
const tapPathScript = `
local delay, loss, rate = arg[1], tonumber(arg[2]), arg[3]
local function opts(o)
  o.delay = delay
  if rate ~= "none" then o.rate = rate end
  return o
end
local ta = mesh.link("ta", {kind = "tap", iface = "mla"})
local tb = mesh.link("tb", {kind = "tap", iface = "mlb"})
local v1 = mesh.link("v1", opts{loss = loss})
local v2 = mesh.link("v2", opts{})
mesh.node("b1", {program = "bridge", links = {ta, v1}})
mesh.node("b2", {program = "bridge", links = {v1, v2}})
mesh.node("b3", {program = "bridge", links = {v2, tb}})
print("ready")
mesh.readline()
for _, l in ipairs{ta, v1, v2, tb} do
  local t = l:stats().lateness
  print("lateness", l.name, t.frames, t.median, t.p99, t.max)
end
`

// The path's hosts: the side of tap a, and of tap b.
const (
	tapPathA = "10.77.0.1"
	tapPathB = "10.77.0.2"
)

// hopLateness is how late one link's frames left it.
type hopLateness struct {
	frames           int
	median, p99, max time.Duration
}

// tapPath is a meshlua process whose path joins namespace a, which it runs
// in, to namespace b: tapPathA in a reaches tapPathB in b through it.
type tapPath struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string // what the process prints, line by line
	dir   string
}

// startTapPath starts meshlua with tapPathScript in namespace a, moves
// its interface mlb to namespace b, gives both interfaces their address
// and waits until a ping crosses.
func startTapPath(cfg Config, a, b, delay string, loss float64, rate string) (*tapPath, error) {
	if cfg.Meshlua == "" {
		return nil, fmt.Errorf("needs the meshlua binary to run scripts in (Config.Meshlua)")
	}
	dir, err := os.MkdirTemp("", "meshlua-tappath-")
	if err != nil {
		return nil, err
	}
	script := filepath.Join(dir, "path.lua")
	if err := os.WriteFile(script, []byte(tapPathScript), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p := &tapPath{dir: dir, lines: make(chan string, 16),
		cmd: exec.Command("ip", "netns", "exec", a, cfg.Meshlua, script, delay, strconv.FormatFloat(loss, 'g', -1, 64), rate)}
	out, err := p.cmd.StdoutPipe()
	if err == nil {
		p.stdin, err = p.cmd.StdinPipe()
	}
	if err == nil {
		p.cmd.Stderr = p.cmd.Stdout
		err = p.cmd.Start()
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() {
		defer close(p.lines)
		for s := bufio.NewScanner(out); s.Scan(); {
			p.lines <- s.Text()
		}
	}()
	if err := p.awaitReady(); err != nil {
		p.kill()
		return nil, err
	}
	err = ipIn(a, []string{"link", "set", "mlb", "netns", b},
		[]string{"addr", "add", tapPathA + "/24", "dev", "mla"}, []string{"link", "set", "mla", "up"})
	if err == nil {
		err = ipIn(b, []string{"addr", "add", tapPathB + "/24", "dev", "mlb"}, []string{"link", "set", "mlb", "up"})
	}
	if err == nil {
		err = awaitPing(a, tapPathB)
	}
	if err != nil {
		p.kill()
		return nil, err
	}
	return p, nil
}

// awaitReady waits for the script's ready line.
func (p *tapPath) awaitReady() error {
	var said []string
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				return fmt.Errorf("meshlua ended before the path was ready: %s", strings.Join(said, "\n"))
			}
			if line == "ready" {
				return nil
			}
			said = append(said, line)
		case <-timeout:
			return fmt.Errorf("the path was not ready after 30s: %s", strings.Join(said, "\n"))
		}
	}
}

// awaitPing pings from namespace ns until to answers (the interfaces take
// a moment to come up), for up to 20 tries of a second each.
func awaitPing(ns, to string) error {
	var out []byte
	var err error
	for range 20 {
		out, err = exec.Command("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", to).CombinedOutput()
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("ping %s from %s: %v\n%s", to, ns, err, out)
}

// stop ends the script and returns each link's lateness, by name.
func (p *tapPath) stop() (map[string]hopLateness, error) {
	defer os.RemoveAll(p.dir)
	p.stdin.Close()
	late := map[string]hopLateness{}
	var said []string
	for line := range p.lines {
		f := strings.Split(line, "\t")
		if len(f) != 6 || f[0] != "lateness" {
			said = append(said, line)
			continue
		}
		var h hopLateness
		h.frames, _ = strconv.Atoi(f[2])
		for i, d := range []*time.Duration{&h.median, &h.p99, &h.max} {
			s, _ := strconv.ParseFloat(f[3+i], 64)
			*d = time.Duration(s * float64(time.Second))
		}
		late[f[1]] = h
	}
	if err := p.cmd.Wait(); err != nil {
		return nil, fmt.Errorf("meshlua: %v: %s", err, strings.Join(said, "\n"))
	}
	if len(late) != 4 {
		return nil, fmt.Errorf("meshlua printed no lateness: %s", strings.Join(said, "\n"))
	}
	return late, nil
}

// kill ends the process at once (by its PID).
func (p *tapPath) kill() {
	p.cmd.Process.Kill()
	for range p.lines {
	}
	p.cmd.Wait()
	os.RemoveAll(p.dir)
}

// pingTimes pings to from namespace ns count times, every 10ms, and
// returns the round trips, sorted.
func pingTimes(ns, to string, count int) ([]time.Duration, error) {
	out, err := exec.Command("ip", "netns", "exec", ns, "ping", "-n", "-c", strconv.Itoa(count), "-i", "0.01", "-W", "2", to).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("ping %s from %s: %v\n%s", to, ns, err, out)
	}
	var rtts []time.Duration
	for _, line := range strings.Split(string(out), "\n") {
		_, after, ok := strings.Cut(line, " time=")
		if !ok {
			continue
		}
		ms, err := strconv.ParseFloat(strings.TrimSuffix(after, " ms"), 64)
		if err != nil {
			return nil, fmt.Errorf("ping printed %q", line)
		}
		rtts = append(rtts, time.Duration(ms*float64(time.Millisecond)))
	}
	if len(rtts) < count/2 {
		return nil, fmt.Errorf("ping: %d of %d answered\n%s", len(rtts), count, out)
	}
	sort.Slice(rtts, func(i, j int) bool { return rtts[i] < rtts[j] })
	return rtts, nil
}

// quantile is the value a fraction q of sorted did not exceed.
func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// awaitLine reads r until a line holds want, for up to 30 seconds, and
// then reads the rest away (so the writer never blocks).
func awaitLine(r io.Reader, want string) error {
	found := make(chan bool, 1)
	go func() {
		s := bufio.NewScanner(r)
		for s.Scan() {
			if strings.Contains(s.Text(), want) {
				found <- true
				io.Copy(io.Discard, r)
				return
			}
		}
		found <- false
	}()
	select {
	case ok := <-found:
		if !ok {
			return fmt.Errorf("ended without printing %q", want)
		}
		return nil
	case <-time.After(30 * time.Second):
		return fmt.Errorf("did not print %q in 30s", want)
	}
}
