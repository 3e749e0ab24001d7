-- lsr: the lsr router (stdlib/lib/routing/lsr.lua) alone in a node.
--
-- args: those of require("routing.lsr").new (see there, and
--   docs/stdlib.md)
-- functions for node:call: routes(), send(dest, payload), received(),
--   traceroute(dest), traces(), stats()
local router = require("routing.lsr").new(node.args)
on_start, on_frame, on_link = router.on_start, router.on_frame, router.on_link
routes, send, received, traceroute, traces, stats =
  router.routes, router.send, router.received, router.traceroute, router.traces, router.stats
