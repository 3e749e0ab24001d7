package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// cost is what a meshlua process cost, as /usr/bin/time reports it.
type cost struct {
	wall   time.Duration
	cpu    time.Duration // user and system time
	maxRSS int64         // peak resident set size, bytes
	out    string        // what the process printed
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
	if err = rssErr; err != nil {
		return cost{}, err
	}
	return cost{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), maxRSS: rss, out: out.String()}, nil
}
