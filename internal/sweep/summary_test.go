package sweep

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestConfidenceIntervalIsStudents checks the interval against the t
// table of any statistics textbook: t(0.975, 4) = 2.776, t(0.975, 29) =
// 2.045.
func TestConfidenceIntervalIsStudents(t *testing.T) {
	mean, sd, low, high := describe([]float64{1, 2, 3, 4, 5})
	half := 2.776 * math.Sqrt(2.5) / math.Sqrt(5)
	if mean != 3 || math.Abs(sd-math.Sqrt(2.5)) > 1e-12 || math.Abs(low-(3-half)) > 1e-3 || math.Abs(high-(3+half)) > 1e-3 {
		t.Errorf("1..5: mean %v sd %v CI [%v, %v]; want 3, 1.5811, [%.4f, %.4f]", mean, sd, low, high, 3-half, 3+half)
	}
	xs := make([]float64, 30)
	for i := range xs {
		xs[i] = float64(i % 2) // sd 0.5085
	}
	mean, sd, low, high = describe(xs)
	if want := 2.045 * sd / math.Sqrt(30); math.Abs((high-low)/2-want) > 1e-3 || mean != 0.5 {
		t.Errorf("30 values: CI half-width %v, want %v", (high-low)/2, want)
	}
	if _, sd, low, _ := describe([]float64{7}); !math.IsNaN(sd) || !math.IsNaN(low) {
		t.Error("one value has no standard deviation or interval")
	}
}

func TestSummaryGroupsPointsAndSkipsFailedRuns(t *testing.T) {
	params := []Param{{"loss", []string{"0.1", "0.2"}}}
	runs := Plan(params, []uint64{1, 2, 3})
	ok, bad := &record{Status: "ok"}, &record{Status: "error"}
	records := []*record{ok, ok, bad, ok, ok, nil}
	values := []map[string]float64{{"d": 1}, {"d": 3}, {"d": 100}, {"d": 2}, {"d": 4}, nil}
	s := summarise(params, runs, records, []string{"d"}, values)
	var b bytes.Buffer
	if err := s.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// t(0.975, 1) = 12.7062 (two runs at each point).
	want := [][]float64{{0.1, 2, 1, 2, math.Sqrt2, 2 - 12.7062, 2 + 12.7062}, {0.2, 2, 0, 3, math.Sqrt2, 3 - 12.7062, 3 + 12.7062}}
	if len(rows) != 3 || strings.Join(rows[0], ",") != "loss,result,runs,failed,mean,sd,ci95_low,ci95_high" {
		t.Fatalf("summary.csv: %q", rows)
	}
	for i, w := range want {
		row := rows[i+1]
		for j, cell := range append(row[:1:1], row[2:]...) {
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.Abs(v-w[j]) > 1e-3 || row[1] != "d" {
				t.Errorf("row %d: %q, want %v", i+1, row, w)
				break
			}
		}
	}
	b.Reset()
	s.WriteTable(&b)
	if !strings.Contains(b.String(), "0.1   d       2     1       2     1.414  [-10.71, 14.71]") {
		t.Errorf("table:\n%s", b.String())
	}
}
