package bindings

import (
	"errors"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/meshlua/meshlua/export"
	"github.com/meshlua/meshlua/internal/luakit"
	"github.com/meshlua/meshlua/runtime"
	"github.com/meshlua/meshlua/ui"
)

// DefaultUIAddr is where mesh.ui() serves the web view without an
// address: a free port of the loopback interface.
const DefaultUIAddr = "127.0.0.1:0"

// ServeUI serves the live web view of the network at addr (meshlua --ui)
// until Close, and returns its URL. Call it from the goroutine that runs
// the script.
func (h *Host) ServeUI(addr string, o ui.Options) (string, error) {
	if err := ui.CheckAddr(addr, o.Public); err != nil {
		return "", err
	}
	if v := h.view.Load(); v != nil {
		return "", fmt.Errorf("the web view is already served at %s", v.URL())
	}
	v, err := ui.Start(addr, uiNetwork{h}, o)
	if err != nil {
		return "", err
	}
	h.view.Store(v)
	h.WatchRuns(v)
	return v.URL(), nil
}

// UIURL is the web view's URL, "" when it is not served.
func (h *Host) UIURL() string {
	if v := h.view.Load(); v != nil {
		return v.URL()
	}
	return ""
}

// meshUI is mesh.ui([addr [, {control =, public =}]]): serve the web view
// at addr (default DefaultUIAddr) and return its URL.
func (h *Host) meshUI(L *lua.LState) int {
	h.refuseInCallback(L, "mesh.ui")
	addr := L.OptString(1, DefaultUIAddr)
	o := luakit.CheckOptions(L, "mesh.ui", L.OptTable(2, nil), "control", "public")
	var opts ui.Options
	for _, opt := range []struct {
		key string
		to  *bool
	}{{"control", &opts.Control}, {"public", &opts.Public}} {
		if v := o.Get(opt.key); v != lua.LNil {
			b, ok := v.(lua.LBool)
			if !ok {
				o.Fail(opt.key, fmt.Errorf("want true or false, got %s", v.Type()))
			}
			*opt.to = bool(b)
		}
	}
	url, err := h.ServeUI(addr, opts)
	if errors.Is(err, ui.ErrNotLoopback) {
		err = fmt.Errorf("%w: give {public = true} to serve other machines", err)
	}
	if err != nil {
		L.RaiseError("mesh.ui: %v", err)
	}
	L.Push(lua.LString(url))
	return 1
}

// uiNetwork is the network as the web view sees it.
type uiNetwork struct{ h *Host }

// Graph describes the network as it is now.
func (n uiNetwork) Graph() *export.Graph { return n.h.Graph() }

// Runtime is the network.
func (n uiNetwork) Runtime() *runtime.Network { return n.h.Net }

// Visit runs fn holding the network if the script waits for the user.
func (n uiNetwork) Visit(fn func()) bool { return n.h.Visit(fn) }
