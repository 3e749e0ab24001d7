//go:build !race

package udp

// raceEnabled: see race_test.go.
const raceEnabled = false
