package bench

import (
	"os"
	goruntime "runtime"

	"golang.org/x/sys/unix"
)

// netnsMissing says what the benchmarks that make a network namespace of
// their own lack, or "": they need root.
func netnsMissing() string {
	if os.Geteuid() != 0 {
		return "needs root"
	}
	return ""
}

// inNetns runs fn on an OS thread inside the network namespace ns.
func inNetns(ns string, fn func() error) error {
	goruntime.LockOSThread()
	defer goruntime.UnlockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return err
	}
	defer orig.Close()
	target, err := os.Open("/var/run/netns/" + ns)
	if err != nil {
		return err
	}
	defer target.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		return err
	}
	defer unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET)
	return fn()
}
