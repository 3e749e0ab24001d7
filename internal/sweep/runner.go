package sweep

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Config is a sweep: the script, its parameters and seeds, how many runs
// at a time, and where the files go.
type Config struct {
	Script  string   // the script's path, as meshlua takes it
	Args    []string // the script's arguments
	Params  []Param
	Seeds   []uint64
	Jobs    int      // runs at a time, at least 1
	Dir     string   // the output folder
	Command []string // meshlua: the program, then options that come first
	// Progress, if set, is told after each run ends.
	Progress func(Progress)
}

// Progress is how far a sweep has got.
type Progress struct {
	Done, Failed, Total int           // runs finished (in this sweep or before), of those failed, all
	Skipped             int           // runs finished before this sweep started
	Elapsed             time.Duration // since this sweep started
}

// Left estimates the time the runs still to do will take, from the pace
// of those this sweep did.
func (p Progress) Left() time.Duration {
	did := p.Done - p.Skipped
	if did == 0 {
		return 0
	}
	return p.Elapsed / time.Duration(did) * time.Duration(p.Total-p.Done)
}

// Failed is the number of finished runs that did not end well.
func (o *Outcome) Failed() int {
	n := 0
	for _, rec := range o.records {
		if rec != nil && rec.Status != "ok" {
			n++
		}
	}
	return n
}

// Outcome is what a sweep did: its runs' records, in plan order (nil for a
// run not done), and the tables made from them.
type Outcome struct {
	Runs        []Run
	records     []*record
	Interrupted bool // the context ended the sweep before every run was done
	Summary     *Summary
}

// RunsDir is the folder in a sweep's folder where each run's record goes.
const RunsDir = "runs"

// stopGrace is how long a run stopped by the end of the sweep (SIGTERM)
// may take to close its network and write its files before it is killed.
const stopGrace = 5 * time.Second

// Run runs the sweep: every run of the plan whose record is not in
// DIR/runs already (a sweep into the same folder resumes), Jobs at a
// time, then writes DIR/runs.csv and DIR/summary.csv over every finished
// run. When ctx ends, the runs in progress get SIGTERM and their files are
// removed, and the tables are written over the runs finished so far; the
// error is then ctx's.
func (c Config) Run(ctx context.Context) (*Outcome, error) {
	runsDir := filepath.Join(c.Dir, RunsDir)
	if err := os.MkdirAll(runsDir, 0o755); err != nil {
		return nil, err
	}
	if err := removeTemps(runsDir); err != nil {
		return nil, err
	}
	o := &Outcome{Runs: Plan(c.Params, c.Seeds)}
	o.records = make([]*record, len(o.Runs))
	var todo []int
	var p Progress
	p.Total = len(o.Runs)
	for i, r := range o.Runs {
		rec, err := readRecord(c.path(r))
		if err != nil || !rec.done() {
			todo = append(todo, i)
			continue
		}
		o.records[i] = rec
		p.Done++
		p.Skipped++
		if rec.Status != "ok" {
			p.Failed++
		}
	}
	start := time.Now()
	var mu sync.Mutex
	var firstErr error
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(c.Jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rec, err := c.runOne(ctx, o.Runs[i])
				mu.Lock()
				switch {
				case err != nil && ctx.Err() == nil:
					if firstErr == nil {
						firstErr = err
					}
				case rec != nil:
					o.records[i] = rec
					p.Done++
					if rec.Status != "ok" {
						p.Failed++
					}
					p.Elapsed = time.Since(start)
					if c.Progress != nil {
						c.Progress(p)
					}
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, i := range todo {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	o.Interrupted = ctx.Err() != nil
	summary, err := o.writeTables(c)
	o.Summary = summary
	if err == nil {
		err = firstErr
	}
	if err == nil && o.Interrupted {
		err = ctx.Err()
	}
	return o, err
}

// path is the file of run r's record.
func (c *Config) path(r Run) string {
	return filepath.Join(c.Dir, RunsDir, r.ID(c.Params)+".json")
}

// runOne runs r in a meshlua process of its own and returns its record,
// written to its file; nil if ctx ended the run (its files are then
// removed). The error is the sweep's own: a record it could not write, a
// meshlua it could not start.
func (c *Config) runOne(ctx context.Context, r Run) (*record, error) {
	path := c.path(r)
	args := append([]string{}, c.Command[1:]...)
	args = append(args, "--seed", strconv.FormatUint(r.Seed, 10))
	for i, p := range c.Params {
		args = append(args, "--set", p.Name+"="+r.Values[i])
	}
	args = append(args, "--report", path, "--", c.Script)
	args = append(args, c.Args...)
	cmd := exec.CommandContext(ctx, c.Command[0], args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = stopGrace
	// A process group of its own: a Ctrl-C on the terminal reaches the
	// sweep, which stops its runs itself.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout = io.Discard
	var stderr headBuffer
	cmd.Stderr = &stderr
	os.Remove(path) // the report of an interrupted try
	began := time.Now()
	err := cmd.Start()
	if err != nil {
		return nil, fmt.Errorf("cannot start %s: %w", c.Command[0], err)
	}
	err = cmd.Wait()
	wall := time.Since(began)
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) && ctx.Err() == nil {
		return nil, err
	}
	exit := cmd.ProcessState.ExitCode()
	rec, rerr := readRecord(path)
	if ctx.Err() != nil && (rec == nil || rec.Status == "interrupted" || exit != 0) {
		os.Remove(path) // the sweep stopped the run: it is to do again
		return nil, nil
	}
	if rec == nil || rerr != nil {
		rec = &record{Status: "error", Error: cmp.Or(stderr.firstLine(), cmd.ProcessState.String()), Seed: r.Seed}
	}
	if rec.Status == "ok" && exit != 0 {
		rec.Status, rec.Error = "error", cmp.Or(stderr.firstLine(), cmd.ProcessState.String())
	}
	rec.Sweep = &sweepFields{Wall: wall.Round(time.Millisecond).Seconds(), Exit: exit}
	if err := rec.write(path); err != nil {
		return nil, err
	}
	return rec, nil
}

// headBuffer keeps the start of what a run writes to standard error, up
// to a limit: its first line is the run's error when it wrote no report.
type headBuffer struct {
	b bytes.Buffer
}

const stderrKept = 8 << 10

// Write keeps p, up to the limit.
func (t *headBuffer) Write(p []byte) (int, error) {
	if room := stderrKept - t.b.Len(); room > 0 {
		t.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// firstLine is the first line written, without meshlua's "meshlua: ".
func (t *headBuffer) firstLine() string {
	line, _, _ := strings.Cut(t.b.String(), "\n")
	return strings.TrimPrefix(strings.TrimSpace(line), "meshlua: ")
}
