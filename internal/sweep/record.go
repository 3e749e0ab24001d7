package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/meshlua/meshlua/internal/wholefile"
)

// record is what DIR/runs/ID.json holds once a run is done: the report
// meshlua --report wrote (status, error, seed, time, params, results,
// warnings), or one the sweep made for a run that wrote none, with what
// the sweep adds (wall time, exit status).
type record struct {
	Status   string          `json:"status"`
	Error    string          `json:"error,omitempty"`
	Seed     uint64          `json:"seed"`
	Time     *float64        `json:"time"`
	Params   json.RawMessage `json:"params"`
	Results  json.RawMessage `json:"results"`
	Warnings []string        `json:"warnings,omitempty"`
	Sweep    *sweepFields    `json:"sweep,omitempty"`
}

// sweepFields are what the sweep adds to a run's report: set, the run is
// done.
type sweepFields struct {
	Wall float64 `json:"wall"` // seconds the process ran
	Exit int     `json:"exit"` // its exit status
}

// result is a reported result: its name and value (nil: not finite).
type result struct {
	name  string
	value *float64
}

// readRecord reads the record at path; a missing file is (nil, nil).
func readRecord(path string) (*record, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &r, nil
}

// done reports whether the record is that of a finished run: one the
// sweep completed, and not ended by a signal.
func (r *record) done() bool { return r != nil && r.Sweep != nil && r.Status != "interrupted" }

// results are the run's results in the order the report gives them.
func (r *record) results() ([]result, error) {
	if len(r.Results) == 0 || string(r.Results) == "null" {
		return nil, nil
	}
	d := json.NewDecoder(bytes.NewReader(r.Results))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("results: want an object, got %s", r.Results)
	}
	var out []result
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, err
		}
		var v *float64
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("result %v: %v", t, err)
		}
		out = append(out, result{t.(string), v})
	}
	return out, nil
}

// write writes the record to path whole, so that a sweep stopped at any
// moment leaves whole files only.
func (r *record) write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return wholefile.Write(path, append(b, '\n'))
}

// removeTemps removes the files that runs killed while they wrote them
// left in dir, the folder of the runs' records.
func removeTemps(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), wholefile.TempPrefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
