//go:build !linux

package bench

import "errors"

// netnsMissing says what the benchmarks that make a network namespace of
// their own lack: network namespaces are Linux's.
func netnsMissing() string { return "needs Linux" }

// inNetns is not reached: netnsMissing stops the benchmarks that call it.
func inNetns(string, func() error) error { return errors.New("network namespaces need Linux") }
