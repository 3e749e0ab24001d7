package repl

import (
	"time"

	"github.com/meshlua/meshlua/bindings"
)

// HungCall is how long a call into a node VM may go on after an interrupt
// before it is taken as hung and stopped.
const HungCall = 200 * time.Millisecond

// interruptTick is how often Interrupt stops the node calls in progress
// again, to catch a call that began after the last time.
const interruptTick = 10 * time.Millisecond

// Interrupt stops what runs on host, as Ctrl-C does, until done is closed:
// the network's run at once (at its next event, so no node is harmed),
// then from wait on every call into a node VM in progress, again every
// interruptTick, so that a call hung in a loop stops too (its node stops
// with the reason "interrupted").
func Interrupt(host *bindings.Host, wait time.Duration, done <-chan struct{}) {
	host.Net.Interrupt()
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			host.Interrupt()
			t.Reset(interruptTick)
		}
	}
}
