//go:build race

package udp

// raceEnabled: the race detector makes sync.Pool drop what is put in it
// at random, so x/net's pooled sendmmsg headers are made anew now and then.
const raceEnabled = true
