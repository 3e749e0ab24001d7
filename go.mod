module github.com/meshlua/meshlua

go 1.26.8

require (
	github.com/google/gopacket v1.1.19 // indirect
	github.com/yuin/gopher-lua v1.1.2 // indirect
)
