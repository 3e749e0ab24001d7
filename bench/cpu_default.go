//go:build !linux

package bench

import goruntime "runtime"

// cpuModel names the architecture: the model is read only on Linux.
func cpuModel() string { return goruntime.GOARCH + " CPU" }
