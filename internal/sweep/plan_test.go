package sweep

import (
	"fmt"
	"strings"
	"testing"
)

func TestSeedsAndParametersParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"1-5", "[1 2 3 4 5]"},
		{"7", "[7]"},
		{"1,5,9", "[1 5 9]"},
		{"1-3,10", "[1 2 3 10]"},
		{"0-0", "[0]"},
	} {
		got, err := ParseSeeds(c.in)
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("ParseSeeds(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "5-1", "a", "1-", "1,,2", "-3", "1-3,2", "0-2000000"} {
		if _, err := ParseSeeds(bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) {
			t.Errorf("ParseSeeds(%q): error %v, want one naming it", bad, err)
		}
	}
	p, err := ParseParam("loss=0,0.1,0.2")
	if err != nil || p.Name != "loss" || fmt.Sprint(p.Values) != "[0 0.1 0.2]" {
		t.Errorf("ParseParam: %+v, %v", p, err)
	}
	for bad, why := range map[string]string{
		"loss":         "use NAME=V1,V2",
		"1x=2":         "use NAME=V1,V2",
		"loss=0,,0.2":  "value 2 is empty",
		"loss=0.1,0.1": "the value 0.1 is given twice",
	} {
		if _, err := ParseParam(bad); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseParam(%q): error %v, want %q", bad, err, why)
		}
	}
}

func TestPlanIsEveryCombinationInTableOrder(t *testing.T) {
	params := []Param{{"loss", []string{"0", "0.1"}}, {"n", []string{"10", "20"}}}
	var ids []string
	for _, r := range Plan(params, []uint64{1, 2}) {
		ids = append(ids, r.ID(params))
	}
	want := "loss=0,n=10,seed=1 loss=0,n=10,seed=2 loss=0,n=20,seed=1 loss=0,n=20,seed=2 " +
		"loss=0.1,n=10,seed=1 loss=0.1,n=10,seed=2 loss=0.1,n=20,seed=1 loss=0.1,n=20,seed=2"
	if strings.Join(ids, " ") != want {
		t.Errorf("plan\n%s\nwant\n%s", strings.Join(ids, " "), want)
	}
	if got := len(Plan(nil, []uint64{4, 5, 6})); got != 3 {
		t.Errorf("no parameters, 3 seeds: %d runs", got)
	}
	odd := []Param{{"name", []string{"a/b", "a b", "a%2Fb"}}}
	seen := map[string]bool{}
	for _, r := range Plan(odd, []uint64{1}) {
		id := r.ID(odd)
		if strings.ContainsAny(id, "/ ") || seen[id] {
			t.Errorf("id %q: not a file name, or not unique", id)
		}
		seen[id] = true
	}
}
