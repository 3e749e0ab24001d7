package bench

import (
	"fmt"
	goruntime "runtime"
	"strconv"
	"strings"
)

// idleTarget is the most memory an idle Lua node may take, in bytes of
// peak RSS.
const idleTarget = 16 << 10

// idleProgram is the program of the idle nodes: it counts frames, and
// none come.
const idleProgram = `local n = 0
function on_frame(f) n = n + 1 end
function count() return n end
`

// idleScript makes arg[1] nodes running PROGRAM, each with a link of its
// own, and starts them: the way docs/mesh.md writes a network.
const idleScript = `local n = tonumber(arg[1])
local program = PROGRAM
for i = 1, n do mesh.node("n" .. i, {program = program, links = {mesh.link("l" .. i)}}) end
mesh.run(0)
`

// withProgram returns script with PROGRAM replaced by the program src:
// its source in a long string if inline, otherwise program.lua, a file
// beside the script; and the files the script needs beside it.
func withProgram(script, src string, inline bool) (string, map[string]string) {
	value := strconv.Quote("program.lua")
	if inline {
		value = "[[\n" + src + "]]"
	}
	return strings.Replace(script, "PROGRAM", value, 1), map[string]string{"program.lua": src}
}

// programWay names how a script gives its nodes their program.
func programWay(inline bool) string {
	if inline {
		return "inline"
	}
	return "from a file"
}

// bothWays measures with the program inline, then from a file, and
// returns the figures of both.
func bothWays(measure func(inline bool) ([]Figure, error)) ([]Figure, error) {
	var figs []Figure
	for _, inline := range []bool{true, false} {
		fs, err := measure(inline)
		if err != nil {
			return nil, err
		}
		figs = append(figs, fs...)
	}
	return figs, nil
}

// IdleNodeRSS runs the idle script with n nodes and with none, the program
// given inline or from a file, and returns the difference of their peak
// RSS, per node.
func (c Config) IdleNodeRSS(n int, inline bool) (float64, error) {
	script, files := withProgram(idleScript, idleProgram, inline)
	var rss [2]int64
	for i, count := range []int{0, n} {
		got, err := c.runScript(script, files, strconv.Itoa(count))
		if err != nil {
			return 0, err
		}
		rss[i] = got.maxRSS
	}
	return float64(rss[1]-rss[0]) / float64(n), nil
}

// IdleNodeBytes makes n idle Lua nodes running the stdlib's counter, each
// with one port on a shared link, in this process, and returns the heap
// they take, per node, once the network has started them: a view of the
// Go heap alone, for Go benchmarks.
func IdleNodeBytes(n int) (float64, error) {
	sc := newScript()
	defer sc.close()
	if err := sc.run(`mesh.link("lan")`); err != nil {
		return 0, err
	}
	var before, after goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&before)
	err := sc.run(fmt.Sprintf(`
for i = 1, %d do mesh.node("n" .. i, {program = "counter", links = {"lan"}}) end
mesh.run(0)`, n))
	if err != nil {
		return 0, err
	}
	goruntime.GC()
	goruntime.ReadMemStats(&after)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n), nil
}

func runIdleNode(cfg Config) ([]Figure, error) {
	n := cfg.pick(20_000, 500)
	return bothWays(func(inline bool) ([]Figure, error) {
		b, err := cfg.IdleNodeRSS(n, inline)
		if err != nil {
			return nil, err
		}
		about := fmt.Sprintf("peak RSS per idle Lua node, program %s, a link each: (%d nodes - none) / %d", programWay(inline), n, n)
		if inline {
			return []Figure{atMost("idle-node", b, "bytes", idleTarget, about)}, nil
		}
		return []Figure{{Name: "idle-node-file", Value: b, Unit: "bytes", Target: "reference", About: about}}, nil
	})
}
