//go:build !linux && !darwin

package bench

import (
	"errors"
	"fmt"
	"os"
	goruntime "runtime"
)

// peakWatch stands for what is not measured here: the peak RSS of a child
// is read on Linux and macOS only.
type peakWatch struct{}

func watchPeak(int) *peakWatch { return &peakWatch{} }

func (*peakWatch) end(*os.ProcessState) (int64, error) {
	return 0, fmt.Errorf("the peak RSS of a process is not measured on %s", goruntime.GOOS)
}

// ownPeak is not read here: the rusage figure serves.
func ownPeak() (int64, error) { return 0, errors.ErrUnsupported }
