module github.com/meshlua/meshlua

go 1.26.8

require (
	github.com/google/gopacket v1.1.19
	github.com/peterh/liner v1.2.2
	github.com/yuin/gopher-lua v1.1.2
)

require (
	github.com/mattn/go-runewidth v0.0.3 // indirect
	golang.org/x/net v0.47.0 // indirect
	golang.org/x/sys v0.38.0 // indirect
)
