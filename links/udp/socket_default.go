//go:build !linux

package udp

// tieToInterface does nothing off Linux, which has no SO_BINDTODEVICE: the
// socket hears the port on every interface, and the link sends to the
// broadcast address of its own.
func tieToInterface(int, string) error { return nil }
