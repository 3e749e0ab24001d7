//go:build !linux

package runtime

// newAlarm returns a timer alarm: other systems have no timerfd.
func newAlarm() alarm { return newTimerAlarm() }
