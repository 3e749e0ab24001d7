package ui

import (
	"sync"
	"time"
)

// keptLines is how many of each node's latest log lines the view keeps;
// keptChars is the most of a line it keeps.
const (
	keptLines = 20
	keptChars = 240
)

// logLine is one entry of a node's log.
type logLine struct {
	At   float64 `json:"at"` // network time, seconds
	Text string  `json:"text"`
}

// recentLogs keeps the latest log lines of each node (or link, or the
// script: whoever logged), to show beside a node's counters.
type recentLogs struct {
	mu    sync.Mutex
	lines map[string][]logLine // by who logged, oldest first, at most keptLines
}

func newRecentLogs() *recentLogs { return &recentLogs{lines: map[string][]logLine{}} }

// add keeps a log entry; it is runtime.Network.TapLog's function.
func (r *recentLogs) add(at time.Duration, who, msg string) {
	if len(msg) > keptChars {
		msg = msg[:keptChars] + "…"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.lines[who]
	if len(l) == keptLines {
		l = append(l[:0], l[1:]...)
	}
	r.lines[who] = append(l, logLine{At: at.Seconds(), Text: msg})
}

// of returns a copy of who's latest lines, oldest first.
func (r *recentLogs) of(who string) []logLine {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]logLine{}, r.lines[who]...)
}
