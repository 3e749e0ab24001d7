module github.com/meshlua/meshlua

go 1.26.8
