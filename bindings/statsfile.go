package bindings

// The counters --stats writes, named as mesh.stats(), node:stats() and
// link:stats() name them.
type (
	statsFile struct {
		Time    float64     `json:"time"`
		Seed    uint64      `json:"seed"`
		Network netCounters `json:"network"`
		Nodes   []nodeStats `json:"nodes"`
		Links   []linkStats `json:"links"`
	}
	netCounters struct {
		Sent      uint64            `json:"sent"`
		Delivered uint64            `json:"delivered"`
		Received  uint64            `json:"received"`
		InFlight  uint64            `json:"in_flight"`
		Dropped   uint64            `json:"dropped"`
		Drops     map[string]uint64 `json:"drops"`
	}
	nodeStats struct {
		Name     string            `json:"name"`
		Program  string            `json:"program"`
		Sent     uint64            `json:"sent"`
		Received uint64            `json:"received"`
		Dropped  uint64            `json:"dropped"`
		Drops    map[string]uint64 `json:"drops"`
		Error    string            `json:"error,omitempty"`
		Ports    []portStats       `json:"ports"`
	}
	portStats struct {
		Index   int    `json:"index"`
		Link    string `json:"link"`
		MAC     string `json:"mac"`
		Tx      uint64 `json:"tx"`
		Rx      uint64 `json:"rx"`
		TxBytes uint64 `json:"tx_bytes"`
		RxBytes uint64 `json:"rx_bytes"`
	}
	linkStats struct {
		Name      string            `json:"name"`
		Kind      string            `json:"kind"`
		Up        bool              `json:"up"`
		Offered   uint64            `json:"offered"`
		Bytes     uint64            `json:"bytes"`
		Delivered uint64            `json:"delivered"`
		Unicast   uint64            `json:"unicast"`
		Flooded   uint64            `json:"flooded"`
		Copies    uint64            `json:"copies"`
		InFlight  uint64            `json:"in_flight"`
		Dropped   uint64            `json:"dropped"`
		Drops     map[string]uint64 `json:"drops"`
		Device    *deviceStats      `json:"device,omitempty"`
		Lateness  *lateness         `json:"lateness,omitempty"`
	}
	// lateness is written for links that carried frames in real time.
	lateness struct {
		Frames uint64  `json:"frames"`
		Median float64 `json:"median"`
		P99    float64 `json:"p99"`
		Max    float64 `json:"max"`
	}
	deviceStats struct {
		Rx       uint64 `json:"rx"`
		RxBytes  uint64 `json:"rx_bytes"`
		Tx       uint64 `json:"tx"`
		TxBytes  uint64 `json:"tx_bytes"`
		TxErrors uint64 `json:"tx_errors"`
		Busy     uint64 `json:"busy"`
	}
)

// WriteStats writes the network's counters to path as JSON, replacing the
// file whole: the time and seed, the network's totals, then every node
// (with its ports) and every link, in the order they were made.
func (h *Host) WriteStats(path string) error {
	s := h.Net.Stats()
	f := statsFile{
		Time: h.Net.Now().Seconds(),
		Seed: h.Net.Seed(),
		Network: netCounters{Sent: s.Sent, Delivered: s.Delivered, Received: s.Received, InFlight: s.InFlight,
			Dropped: s.Dropped(), Drops: s.Drops.Map()},
		Nodes: []nodeStats{},
		Links: []linkStats{},
	}
	for _, n := range h.Net.Nodes() {
		ns := n.Stats()
		out := nodeStats{Name: n.Name(), Program: programName(n), Sent: ns.Sent, Received: ns.Received,
			Dropped: ns.Dropped(), Drops: ns.Drops.Map(), Ports: []portStats{}}
		if n.Err() != nil {
			out.Error = n.Err().Error()
		}
		for _, p := range n.Ports() {
			ps := p.Stats()
			out.Ports = append(out.Ports, portStats{Index: p.Index(), Link: p.Link().Name(), MAC: p.MAC().String(),
				Tx: ps.Tx, Rx: ps.Rx, TxBytes: ps.TxBytes, RxBytes: ps.RxBytes})
		}
		f.Nodes = append(f.Nodes, out)
	}
	for _, l := range h.Net.Links() {
		ls := l.Stats()
		kind := h.kinds[l]
		if kind == "" {
			kind = "virtual"
		}
		out := linkStats{Name: l.Name(), Kind: kind, Up: l.Up(), Offered: ls.Offered, Bytes: ls.Bytes,
			Delivered: ls.Delivered, Unicast: ls.Unicast, Flooded: ls.Flooded, Copies: ls.Copies,
			InFlight: ls.InFlight, Dropped: ls.Dropped(), Drops: ls.Drops.Map()}
		if l.Device() != nil {
			ds := l.DeviceStats()
			out.Device = &deviceStats{Rx: ds.RxFrames, RxBytes: ds.RxBytes, Tx: ds.TxFrames, TxBytes: ds.TxBytes,
				TxErrors: ds.TxErrors, Busy: l.DeviceBusy()}
		}
		if late := ls.Lateness; late.Frames > 0 {
			out.Lateness = &lateness{Frames: late.Frames, Median: late.Median.Seconds(), P99: late.P99.Seconds(), Max: late.Max.Seconds()}
		}
		f.Links = append(f.Links, out)
	}
	return writeJSON(path, f)
}
