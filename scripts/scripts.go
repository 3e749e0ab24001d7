// Package scripts holds meshlua's example experiments. They are embedded in
// the binary so `meshlua quickstart` runs one without a checkout.
package scripts

import "embed"

//go:embed *.lua
var files embed.FS

// Get returns the example script called name ("quickstart" or
// "quickstart.lua").
func Get(name string) (string, bool) {
	for _, n := range []string{name, name + ".lua"} {
		if b, err := files.ReadFile(n); err == nil {
			return string(b), true
		}
	}
	return "", false
}
