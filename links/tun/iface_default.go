//go:build !linux

package tun

import (
	"errors"
	"fmt"
	"os"
)

// create refuses: tun and tap interfaces are made through Linux's
// /dev/net/tun.
func create(c Config) (*os.File, error) {
	return nil, fmt.Errorf("%s links need Linux (/dev/net/tun)", c.kind())
}

// configure is not reached: create refuses.
func configure(Config) (int, error) { return 0, errors.ErrUnsupported }
