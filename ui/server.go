// Package ui serves the live web view of a network: a page that draws its
// nodes and links and updates them while it runs (counters, rates, drops,
// links down, a node's recent log lines), and, if allowed, takes links
// down and up and pauses the network.
//
// The page's assets are embedded (it works offline). The server reads the
// network only where that is safe and changes nothing a run computes: see
// access.go.
package ui

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/meshlua/meshlua/export"
	"github.com/meshlua/meshlua/internal/suggest"
	"github.com/meshlua/meshlua/runtime"
)

//go:embed assets
var assets embed.FS

// Network is the network a Server shows, as its script host gives it.
type Network interface {
	// Graph describes the network as it is now; call it holding the
	// network.
	Graph() *export.Graph
	// Runtime is the network itself.
	Runtime() *runtime.Network
	// Visit runs fn holding the network, if the script that runs it waits
	// for the user (at the REPL's prompt, in mesh.readline), and reports
	// whether it did.
	Visit(fn func()) bool
}

// Options say what a Server allows.
type Options struct {
	// Control lets the page take links down and up, and pause the network.
	Control bool
	// Public allows an address that is not loopback.
	Public bool
}

// Every is how often the page gets an update.
const Every = 250 * time.Millisecond

// Server serves the web view of one network.
type Server struct {
	net     Network
	opts    Options
	url     string
	http    *http.Server
	logs    *recentLogs
	access  *access
	wg      sync.WaitGroup
	mu      sync.Mutex
	latest  []byte        // the last update, as sent
	shape   []byte        // the shape it follows
	shapeID uint64        // and the shape's number
	graph   *export.Graph // the last description: a node's details come from it
	changed chan struct{} // closed and replaced at each update
}

// Start serves the view of nw at addr (HOST:PORT; port 0 picks a free
// one) until Close. An address that is not loopback needs o.Public
// (CheckAddr). Call it holding the network.
func Start(addr string, nw Network, o Options) (*Server, error) {
	if err := CheckAddr(addr, o.Public); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{net: nw, opts: o, logs: newRecentLogs(), changed: make(chan struct{})}
	s.url = "http://" + ln.Addr().String() + "/"
	s.access = newAccess(s)
	nw.Runtime().TapLog(s.logs.add)
	s.update() // the page's first update: the network as it is
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "assets")
	mux.Handle("GET /", http.FileServerFS(static))
	mux.HandleFunc("GET /events", s.serveEvents)
	mux.HandleFunc("GET /node", s.serveNode)
	mux.HandleFunc("POST /control", s.serveControl)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		s.http.Serve(ln)
	}()
	go func() {
		defer s.wg.Done()
		s.access.routine()
	}()
	return s, nil
}

// URL is where the page is: "http://127.0.0.1:8080/".
func (s *Server) URL() string { return s.url }

// Close stops serving: it lifts a pause, ends the page's streams and
// waits for the server's goroutines. Call it holding the network, and
// letting it run (Host.LetRun): a page's update may be waiting for it.
func (s *Server) Close() error {
	s.net.Runtime().TapLog(nil)
	s.access.close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.http.Close()
	}
	s.wg.Wait()
	return err
}

// RunStart is told that a mesh.run starts (a bindings.RunWatcher): the
// view then reaches the network between the run's events. It is called
// by the goroutine that runs the script, holding the network.
func (s *Server) RunStart(nw *runtime.Network, from, to time.Duration) { s.access.runStart(nw) }

// RunEnd is told that the run ended.
func (s *Server) RunEnd() { s.access.runEnd() }

// Interrupt lifts a pause: Ctrl-C ends a run that the page paused.
func (s *Server) Interrupt() { s.access.resume() }

// update describes the network and sends the page the update; the caller
// holds the network.
func (s *Server) update() {
	g := s.net.Graph()
	st := s.net.Runtime().Stats()
	snap, shape, shapeID := s.access.state(g, st.Sent)
	snap.Sent, snap.Dropped = st.Sent, st.Dropped()
	snap.Control, snap.Realtime = s.opts.Control, s.net.Runtime().Realtime()
	b, err := json.Marshal(snap)
	if err != nil {
		panic(err) // plain structs of numbers and strings always marshal
	}
	s.mu.Lock()
	s.latest, s.graph, s.shape, s.shapeID = b, g, shape, shapeID
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

// current is the latest update, its shape and the shape's number, and
// what closes when the next update comes.
func (s *Server) current() (update, shape []byte, shapeID uint64, changed chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latest, s.shape, s.shapeID, s.changed
}

// serveEvents streams the updates as Server-Sent Events: a "shape" event
// with the network's nodes and links first and whenever they change, and
// an event with the counters (a snapshot) at each update, the latest
// first. An update that comes while the page still reads the last is
// skipped, not queued.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	var seen []byte
	var seenShape uint64
	for {
		b, shape, shapeID, changed := s.current()
		if shapeID != seenShape {
			if _, err := fmt.Fprintf(w, "id: %d\nevent: shape\ndata: %s\n\n", shapeID, shape); err != nil {
				return
			}
			seenShape = shapeID
		}
		if len(seen) == 0 || &b[0] != &seen[0] {
			if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
				return
			}
			seen = b
		}
		flusher.Flush()
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-s.access.done:
			return
		}
	}
}

// nodeDetails is what GET /node?name=NAME answers: the node's counters,
// its ports' addresses and its latest log lines.
type nodeDetails struct {
	Name     string            `json:"name"`
	Program  string            `json:"program"`
	MACs     []string          `json:"macs"`
	Sent     uint64            `json:"sent"`
	Received uint64            `json:"received"`
	Dropped  uint64            `json:"dropped"`
	Drops    map[string]uint64 `json:"drops"`
	Stopped  bool              `json:"stopped"`
	Log      []logLine         `json:"log"`
}

// serveNode answers GET /node?name=NAME from the last update.
func (s *Server) serveNode(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	s.mu.Lock()
	g := s.graph
	s.mu.Unlock()
	i := slices.IndexFunc(g.Nodes, func(n export.Node) bool { return n.Name == name })
	if i < 0 {
		names := make([]string, len(g.Nodes))
		for j, n := range g.Nodes {
			names[j] = n.Name
		}
		http.Error(w, noSuch("node", name, names), http.StatusNotFound)
		return
	}
	n := &g.Nodes[i]
	writeJSON(w, nodeDetails{Name: n.Name, Program: n.Program, MACs: n.MACs, Sent: n.Stats.Sent,
		Received: n.Stats.Received, Dropped: n.Stats.Dropped(), Drops: n.Stats.Drops.Map(), Stopped: n.Stopped,
		Log: s.logs.of(name)})
}

// serveControl takes a control request: 403 without Options.Control, 400
// for a request that is not one, 404 for a link the network does not have;
// 202 once it is queued. The next update shows its effect.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if !s.opts.Control {
		http.Error(w, "the view is read-only: start meshlua with --ui-control (or mesh.ui with {control = true}) to change the network from the page", http.StatusForbidden)
		return
	}
	// Only the page may ask: a request from another site's page names
	// that site as its Origin, or, through a name that it made resolve to
	// this machine, as its Host (a loopback view answers only its own).
	if o := r.Header.Get("Origin"); o != "" && o+"/" != s.url && o != "http://"+r.Host ||
		!s.opts.Public && CheckAddr(r.Host, false) != nil {
		http.Error(w, "control requests come from the view's own page only", http.StatusForbidden)
		return
	}
	if r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "send the control request as application/json", http.StatusUnsupportedMediaType)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxControl+1))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c, err := decodeControl(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if c.Link != "" {
		if msg := s.unknownLink(c.Link); msg != "" {
			http.Error(w, msg, http.StatusNotFound)
			return
		}
	}
	s.access.ask(c)
	w.WriteHeader(http.StatusAccepted)
}

// unknownLink says that the last update has no link called name, with the
// nearest name; "" if it has one.
func (s *Server) unknownLink(name string) string {
	s.mu.Lock()
	g := s.graph
	s.mu.Unlock()
	names := make([]string, len(g.Links))
	for i, l := range g.Links {
		if l.Name == name {
			return ""
		}
		names[i] = l.Name
	}
	return noSuch("link", name, names)
}

// noSuch says that there is no kind called name among names, with the
// nearest: `no link called "wna" (did you mean "wan"?)`.
func noSuch(kind, name string, names []string) string {
	msg := fmt.Sprintf("no %s called %q", kind, name)
	if near := suggest.Typo(name, names); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return msg
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
