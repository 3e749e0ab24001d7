package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/internal/luakit"
)

// experiment is what turns a script into an experiment: the parameters
// the command line gave and those the script read, the results it
// reported, its time series, and the script functions it runs in network
// time (mesh.at, mesh.every).
type experiment struct {
	L       *lua.LState       // the script's main state, where callbacks run
	given   map[string]string // --set NAME=VALUE
	read    []namedValue      // the parameters read, in the order first read
	results []namedNumber     // the results reported, in the order first reported
	series  []*series         // in the order made
	// running is set while mesh.run runs the network: a callback's error
	// then ends the run.
	running bool
	// calling is set while a callback runs: it may not run the network.
	calling bool
	// failure is the error of a callback that ended the mesh.run in
	// progress, which raises it.
	failure *lua.ApiError
}

// namedValue is a parameter's name and the value the script got.
type namedValue struct {
	name  string
	value lua.LValue
}

// namedNumber is a result's name and value.
type namedNumber struct {
	name  string
	value float64
}

// openExperiments adds to the mesh table m the functions of experiments:
// parameters, results, callbacks in network time and series.
func (h *Host) openExperiments(L *lua.LState, m *lua.LTable) {
	h.exp.L = L
	callbackType.register(L, h)
	seriesType.register(L, h)
	luakit.SetFuncs(L, m, []luakit.NamedFunc{
		{Name: "param", Fn: h.meshParam},
		{Name: "report", Fn: h.meshReport},
		{Name: "run", Fn: h.meshRun},
		{Name: "at", Fn: h.meshAt},
		{Name: "every", Fn: h.meshEvery},
		{Name: "series", Fn: h.meshSeries},
	})
}

// refuseInCallback raises an error if a callback is running: what (which
// runs the network or waits) may not run inside one.
func (h *Host) refuseInCallback(L *lua.LState, what string) {
	if h.exp.calling {
		L.RaiseError("%s: not inside a function that mesh.at, mesh.every or mesh.series runs (it runs between two events of a run)", what)
	}
}
