package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// cost is what a meshlua process cost, as /usr/bin/time reports it.
type cost struct {
	wall   time.Duration
	cpu    time.Duration // user and system time
	maxRSS int64         // peak resident set size, bytes
	out    string        // what the process printed
}

// PeakFileEnv names a file a meshlua process writes its own peak resident
// set size to, in bytes, as it exits (ReportPeak), where the system has a
// figure of the process's own: runScript sets it. A child's peak read from
// outside is either the kernel's rusage figure, which includes the peak
// of its parent, or a polled high-water mark, which a short child on a
// loaded machine can exit between two readings of.
const PeakFileEnv = "MESHLUA_PEAK_RSS_FILE"

// ReportPeak writes this process's peak RSS to the file PeakFileEnv names,
// if it names one and the system tells the figure; meshlua calls it as it
// exits.
func ReportPeak() {
	path := os.Getenv(PeakFileEnv)
	if path == "" {
		return
	}
	if peak, err := ownPeak(); err == nil {
		os.WriteFile(path, []byte(strconv.FormatInt(peak, 10)), 0o644)
	}
}

// runScript runs script.lua, whose source is src, with meshlua as a child
// process, in a new folder that also holds files (name to source), and
// returns what it cost. The script gets args as its arg table.
func (c Config) runScript(src string, files map[string]string, args ...string) (cost, error) {
	if c.Meshlua == "" {
		return cost{}, fmt.Errorf("needs the meshlua binary to run scripts in (Config.Meshlua)")
	}
	dir, err := os.MkdirTemp("", "meshlua-bench-")
	if err != nil {
		return cost{}, err
	}
	defer os.RemoveAll(dir)
	files["script.lua"] = src
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return cost{}, err
		}
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(c.Meshlua, append([]string{"script.lua"}, args...)...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &out, &stderr
	peakFile := filepath.Join(dir, "peak-rss")
	cmd.Env = append(os.Environ(), PeakFileEnv+"="+peakFile)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return cost{}, err
	}
	watch := watchPeak(cmd.Process.Pid)
	err = cmd.Wait()
	wall := time.Since(start)
	ps := cmd.ProcessState
	rss, rssErr := watch.end(ps)
	if err != nil {
		return cost{}, fmt.Errorf("meshlua script.lua %v: %v\n%s", args, err, stderr.String())
	}
	if b, err := os.ReadFile(peakFile); err == nil {
		if own, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			rss, rssErr = own, nil // the child's own figure, exact
		}
	}
	if err = rssErr; err != nil {
		return cost{}, err
	}
	return cost{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), maxRSS: rss, out: out.String()}, nil
}
