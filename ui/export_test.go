package ui

// Update makes s describe the network and send the page an update, as its
// routine does; the caller holds the network.
var Update = (*Server).update
