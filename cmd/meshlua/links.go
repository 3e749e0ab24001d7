package main

// The command registers every kind of real link for mesh.link's kind
// option; the packages it builds on register none, so that they build and
// test without the drivers.
import _ "github.com/meshlua/meshlua/links/all"
