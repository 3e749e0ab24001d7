package ui

import (
	"errors"
	"testing"
)

func TestCheckAddr(t *testing.T) {
	for _, c := range []struct {
		addr     string
		public   bool
		loopback bool // else ErrNotLoopback
		bad      bool // not HOST:PORT
	}{
		{"127.0.0.1:8080", false, true, false},
		{"127.0.0.2:0", false, true, false},
		{"[::1]:8080", false, true, false},
		{"localhost:8080", false, true, false},
		{"0.0.0.0:8080", false, false, false},
		{":8080", false, false, false},
		{"192.168.1.5:8080", false, false, false},
		{"example.org:80", false, false, false},
		{"0.0.0.0:8080", true, true, false},
		{"8080", false, false, true},
	} {
		err := CheckAddr(c.addr, c.public)
		switch {
		case c.bad:
			if err == nil || errors.Is(err, ErrNotLoopback) {
				t.Errorf("CheckAddr(%q): %v, want an error about the address's form", c.addr, err)
			}
		case c.loopback && err != nil:
			t.Errorf("CheckAddr(%q, public %v): %v, want nil", c.addr, c.public, err)
		case !c.loopback && !errors.Is(err, ErrNotLoopback):
			t.Errorf("CheckAddr(%q): %v, want ErrNotLoopback", c.addr, err)
		}
	}
}
