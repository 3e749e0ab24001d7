package sweep

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Summary is a sweep's results summed up: a row per parameter point and
// result.
type Summary struct {
	Params []Param
	Rows   []SummaryRow
}

// SummaryRow is one result at one parameter point, over the runs there
// that ended well and reported it.
type SummaryRow struct {
	Values []string // the parameters' values
	Result string
	Runs   int // runs that ended well with a value of the result
	Failed int // runs at the point that did not end well
	// Mean is the mean of the values; SD their standard deviation (n-1);
	// Low and High the 95% confidence interval of the mean (Student's t).
	// NaN where there are too few runs: Mean needs one, the rest two.
	Mean, SD, Low, High float64
}

// Confidence is the confidence level of the summary's intervals.
const Confidence = 0.95

// summarise makes the summary of the runs: values[i] are run i's results
// by name (nil for a run not done); names are the results, in column
// order.
func summarise(params []Param, runs []Run, records []*record, names []string, values []map[string]float64) *Summary {
	s := &Summary{Params: params}
	for start := 0; start < len(runs); {
		end := start
		for end < len(runs) && slices.Equal(runs[end].Values, runs[start].Values) {
			end++
		}
		failed := 0
		for i := start; i < end; i++ {
			if records[i] != nil && records[i].Status != "ok" {
				failed++
			}
		}
		for _, name := range names {
			var xs []float64
			for i := start; i < end; i++ {
				if v, ok := values[i][name]; ok && records[i].Status == "ok" {
					xs = append(xs, v)
				}
			}
			row := SummaryRow{Values: runs[start].Values, Result: name, Runs: len(xs), Failed: failed}
			row.Mean, row.SD, row.Low, row.High = describe(xs)
			s.Rows = append(s.Rows, row)
		}
		start = end
	}
	return s
}

// describe is the mean of xs, their standard deviation and the Confidence
// interval of the mean from Student's t distribution with len(xs)-1
// degrees of freedom.
func describe(xs []float64) (mean, sd, low, high float64) {
	nan := math.NaN()
	switch len(xs) {
	case 0:
		return nan, nan, nan, nan
	case 1:
		return xs[0], nan, nan, nan
	}
	mean, sd = stat.MeanStdDev(xs, nil)
	n := float64(len(xs))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1 - (1-Confidence)/2)
	half := t * sd / math.Sqrt(n)
	return mean, sd, mean - half, mean + half
}

// SummaryColumns are the columns of summary.csv after the parameters'.
var SummaryColumns = []string{"result", "runs", "failed", "mean", "sd", "ci95_low", "ci95_high"}

// WriteCSV writes the summary as summary.csv holds it.
func (s *Summary) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	var header []string
	for _, p := range s.Params {
		header = append(header, p.Name)
	}
	cw.Write(append(header, SummaryColumns...))
	for _, r := range s.Rows {
		row := append(append([]string{}, r.Values...), r.Result, strconv.Itoa(r.Runs), strconv.Itoa(r.Failed))
		for _, v := range []float64{r.Mean, r.SD, r.Low, r.High} {
			row = append(row, formatValue(v, true))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable prints the summary as a table for people: four significant
// digits, the interval as [low, high].
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var header []string
	for _, p := range s.Params {
		header = append(header, p.Name)
	}
	fmt.Fprintln(tw, strings.Join(append(header, "result", "runs", "failed", "mean", "sd", "95% CI"), "\t"))
	short := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	for _, r := range s.Rows {
		ci := "-"
		if !math.IsNaN(r.Low) {
			ci = "[" + short(r.Low) + ", " + short(r.High) + "]"
		}
		cells := append(append([]string{}, r.Values...), r.Result, strconv.Itoa(r.Runs), strconv.Itoa(r.Failed), short(r.Mean), short(r.SD), ci)
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}
