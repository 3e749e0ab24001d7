package bench

import (
	"fmt"
	goruntime "runtime"
)

// Machine is what the figures were measured on.
type Machine struct {
	CPU   string `json:"cpu"`
	Cores int    `json:"cores"`
	Go    string `json:"go"`
	OS    string `json:"os"`
}

// ThisMachine describes the machine the process runs on.
func ThisMachine() Machine {
	return Machine{CPU: cpuModel(), Cores: goruntime.NumCPU(), Go: goruntime.Version(),
		OS: goruntime.GOOS + "/" + goruntime.GOARCH}
}

// String formats the machine in one line.
func (m Machine) String() string {
	return fmt.Sprintf("%s, %d cores, %s %s", m.CPU, m.Cores, m.Go, m.OS)
}
