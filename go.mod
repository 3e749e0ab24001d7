module github.com/meshlua/meshlua

go 1.26.8

require (
	github.com/ergochat/irc-go v0.7.0
	github.com/google/gopacket v1.1.19
	github.com/peterh/liner v1.2.2
	github.com/songgao/water v0.0.0-20200317203138-2b4b6d7c09d8
	github.com/yuin/gopher-lua v1.1.2
	go.uber.org/goleak v1.3.0
	golang.org/x/net v0.47.0
	golang.org/x/sys v0.38.0
)

require github.com/mattn/go-runewidth v0.0.3 // indirect

replace github.com/yuin/gopher-lua => ./third_party/gopher-lua
