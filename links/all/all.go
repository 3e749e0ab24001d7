// Package all registers every link driver; import it for its side effect.
package all

import (
	_ "github.com/meshlua/meshlua/links/ether" // kind "ether"
	_ "github.com/meshlua/meshlua/links/irc"   // kind "irc"
	_ "github.com/meshlua/meshlua/links/tun"   // kinds "tun" and "tap"
	_ "github.com/meshlua/meshlua/links/udp"   // kind "udp"
)
