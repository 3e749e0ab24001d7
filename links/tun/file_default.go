//go:build !linux

package tun

import "errors"

// readBatch reads nothing: no device opens off Linux.
func (d *Device) readBatch([][]byte, []int, int) (int, error) { return 0, errors.ErrUnsupported }

// Write writes nothing: no device opens off Linux.
func (d *Device) Write([][]byte, int) (int, error) { return 0, errors.ErrUnsupported }
