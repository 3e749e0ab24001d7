// Package links is the registry of link kinds that reach outside the
// process. Each driver (links/udp, links/ether, ...) registers its kind
// from an init function; links/all imports every driver.
package links

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/meshlua/meshlua/runtime"
)

// Kind is a kind of real link: its name in mesh.link's kind option, the
// options of its own, and how to open its device.
type Kind struct {
	Name string
	// Options are the kind's own option names, besides the common ones.
	// A kind may name a common option too (tun and tap name mtu): it then
	// also gets the option's value.
	Options []string
	// Open opens the device of the link called link. opts holds the
	// kind's options as given: strings, float64 numbers and bools.
	Open func(link string, opts map[string]any) (runtime.Device, error)
}

var (
	mu    sync.Mutex
	kinds = map[string]Kind{}
)

// Register adds a kind; registering a name twice panics.
func Register(k Kind) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := kinds[k.Name]; dup {
		panic("links: kind " + k.Name + " registered twice")
	}
	kinds[k.Name] = k
}

// Lookup returns the kind called name.
func Lookup(name string) (Kind, bool) {
	mu.Lock()
	defer mu.Unlock()
	k, ok := kinds[name]
	return k, ok
}

// Kinds lists the registered kinds by name.
func Kinds() []string {
	mu.Lock()
	defer mu.Unlock()
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// String reads a string option; absent gives def.
func String(opts map[string]any, key, def string) (string, error) {
	v, ok := opts[key]
	if !ok {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("option %s: want a string, got %v", key, v)
	}
	return s, nil
}

// Int reads a whole-number option within [lo, hi]; absent gives def.
func Int(opts map[string]any, key string, def, lo, hi int) (int, error) {
	v, ok := opts[key]
	if !ok {
		return def, nil
	}
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) || int(f) < lo || int(f) > hi {
		return 0, fmt.Errorf("option %s: want a whole number from %d to %d, got %v", key, lo, hi, v)
	}
	return int(f), nil
}

// Number reads a number option within [lo, hi]; absent gives def.
func Number(opts map[string]any, key string, def, lo, hi float64) (float64, error) {
	v, ok := opts[key]
	if !ok {
		return def, nil
	}
	f, ok := v.(float64)
	if !ok || !(f >= lo && f <= hi) {
		return 0, fmt.Errorf("option %s: want a number from %g to %g, got %v", key, lo, hi, v)
	}
	return f, nil
}

// Bool reads a boolean option; absent gives def.
func Bool(opts map[string]any, key string, def bool) (bool, error) {
	v, ok := opts[key]
	if !ok {
		return def, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("option %s: want true or false, got %v", key, v)
	}
	return b, nil
}

// Strings reads an option that is a list of strings (a Lua table of
// strings), or one string; absent gives nil.
func Strings(opts map[string]any, key string) ([]string, error) {
	switch v := opts[key].(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []string:
		return v, nil
	default:
		return nil, fmt.Errorf("option %s: want a list of strings, got %v", key, v)
	}
}

// Duration reads a duration option, seconds (a number) or a string such
// as "250ms", "25s" or "1m", not negative; absent gives def.
func Duration(opts map[string]any, key string, def time.Duration) (time.Duration, error) {
	var d time.Duration
	switch v := opts[key].(type) {
	case nil:
		return def, nil
	case float64:
		d = time.Duration(v * float64(time.Second))
		if !(v >= 0 && v < 1e9) {
			return 0, fmt.Errorf("option %s: want seconds >= 0, got %v", key, v)
		}
	case string:
		var err error
		if d, err = time.ParseDuration(strings.TrimSpace(v)); err != nil || d < 0 {
			return 0, fmt.Errorf("option %s: want a duration such as \"25s\" or \"1m\", got %q", key, v)
		}
	default:
		return 0, fmt.Errorf("option %s: want a duration such as \"25s\" or a number of seconds, got %v", key, v)
	}
	return d, nil
}
