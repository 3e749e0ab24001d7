//go:build !linux

package nodevm

// machineMemory is what a process may assume it has where the system does
// not say: 16 GiB (set GOMEMLIMIT to choose).
func machineMemory() uint64 { return 16 << 30 }
