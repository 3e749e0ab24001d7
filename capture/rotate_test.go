package capture

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// A rotating limit starts the file again when the next record would pass
// it: each file reads to its end (before Close too), none is over the limit, the files keep
// every record in order (newest file first), a pcapng file's interfaces
// start each file (one added late too), Reached is called once, and only
// the newest files of the rotation stay.
func TestARotatingLimitKeepsTheNewestFiles(t *testing.T) {
	for _, name := range []string{"c.pcap", "c.pcapng"} {
		for _, keep := range []int{50, 3} {
			t.Run(fmt.Sprintf("%s/%d", name, keep), func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, name)
				const max, frames = 20_000, 400 // about 200 KB offered: some 11 files
				lim := NewLimit(max)
				lim.Rotate = keep
				var calls []time.Duration
				lim.Reached = func(t time.Duration) { calls = append(calls, t) }
				c, tap, err := Create(path, "lan", lim)
				if err != nil {
					t.Fatal(err)
				}
				late := tap
				for i := range frames {
					if i == frames/2 {
						late = c.AddInterface("late")
					}
					f := testFrame(400 + i%100)
					f.Bytes()[runtime.HeaderLen] = byte(i) // tell the frames apart
					late.Tap(time.Duration(i)*time.Millisecond, f)
					runtime.PutFrame(f)
				}
				// Before Close, as if the process were killed: every file reads to its end.
				for i := 0; ; i++ {
					if _, err := os.Stat(RotatedName(path, i)); err != nil {
						break
					}
					readCapture(t, RotatedName(path, i))
				}
				if err := c.Close(); err != nil {
					t.Fatal(err)
				}
				var all []record
				files := 0
				for i := 0; ; i++ {
					p := RotatedName(path, i)
					fi, err := os.Stat(p)
					if err != nil {
						break
					}
					files++
					if fi.Size() > max {
						t.Errorf("%s holds %d bytes, over the limit of %d", p, fi.Size(), max)
					}
					records := readCapture(t, p)
					if len(records) == 0 {
						t.Errorf("%s holds no record", p)
					}
					all = append(records, all...)
				}
				if entries, _ := os.ReadDir(dir); len(entries) != files {
					t.Errorf("the folder holds %d files, %d of them the rotation's", len(entries), files)
				}
				if keep == 50 && (len(all) != frames || files < 10) {
					t.Fatalf("%d files hold %d records, want all %d in about 11", files, len(all), frames)
				}
				if keep == 3 && (files != 3 || len(all) >= frames) {
					t.Fatalf("%d files hold %d records, want 3 files and fewer than %d", files, len(all), frames)
				}
				first := frames - len(all)
				for j, r := range all {
					if i := first + j; r.data[runtime.HeaderLen] != byte(i) || r.ci.Timestamp.UnixNano() != int64(i)*int64(time.Millisecond) {
						t.Fatalf("record %d of the files is not frame %d", j, i)
					}
					if want := map[bool]string{true: "lan", false: "late"}[first+j < frames/2]; name == "c.pcapng" && r.intf != want {
						t.Fatalf("frame %d is on interface %q, want %q", first+j, r.intf, want)
					}
				}
				if len(calls) != 1 {
					t.Errorf("Reached was called %d times, want once", len(calls))
				}
			})
		}
	}
}

func TestRotatedNames(t *testing.T) {
	for _, c := range [][3]string{{"all.pcapng", "1", "all.1.pcapng"}, {"d/x.pcap", "2", "d/x.2.pcap"}, {"cap", "1", "cap.1"}, {"a.b/cap", "3", "a.b/cap.3"}, {"all.pcapng", "0", "all.pcapng"}} {
		var i int
		fmt.Sscan(c[1], &i)
		if got := RotatedName(c[0], i); got != c[2] {
			t.Errorf("RotatedName(%q, %d) = %q, want %q", c[0], i, got, c[2])
		}
	}
}
