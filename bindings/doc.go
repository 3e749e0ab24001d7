// Package bindings is the script host of meshlua: the `mesh` module that
// the user's scripts and the REPL use to build and drive a network, the
// script-side objects for nodes and links, the helpers and the running of
// scripts. Scripts are the user's own code and run with the full standard
// library; the programs of the network's nodes run in sandboxed VMs that
// the host reaches only through package nodevm's API, passing values as
// copies.
package bindings
