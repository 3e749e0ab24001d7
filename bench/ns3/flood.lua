-- flood.lua: meshlua's side of `meshlua bench flood-vs-ns3`, the work
-- flood.cc does in ns-3. It floods one message over the graph in a file
-- with the stdlib's flood program, as the docs show, and prints how many
-- nodes it reached.
--
--   meshlua flood.lua GRAPH
--
-- GRAPH is the edge list flood.cc reads too: a line "N M", then M lines
-- "A B" joining node A to node B (nodes 1..N). Every node runs flood; every
-- edge is a virtual link of two ports, without delay. Node n1 sends one
-- message; every node passes the first copy it hears on all its other
-- ports.
--
-- Output: "reached R of N-1 frames F", F the frames the flood programs
-- received in all, copies included.
local path = assert(arg[1], "usage: meshlua flood.lua GRAPH")
local f = assert(io.open(path))
local n = tonumber(f:read("*l"):match("^(%d+) %d+$"))
local nodes = {}
for i = 1, n do
  nodes[i] = mesh.node("n" .. i, {program = "flood", args = {quiet = true}})
end
local line = 1
for edge in f:lines() do
  line = line + 1
  local a, b = edge:match("^(%d+) (%d+)$")
  a, b = tonumber(a), tonumber(b)
  if not (a and nodes[a] and nodes[b]) then
    error(("%s:%d: want \"A B\", two nodes from 1 to %d"):format(path, line, n))
  end
  local l = mesh.link("n" .. a .. "-n" .. b)
  mesh.connect(nodes[a], l)
  mesh.connect(nodes[b], l)
end
f:close()
nodes[1]:call("send", "hello")
mesh.run(1)
local reached, frames = 0, 0
for i = 1, n do
  local s = nodes[i]:call("stats")
  if i > 1 and s.delivered > 0 then
    reached = reached + 1
  end
  frames = frames + s.delivered + s.duplicates
end
print(("reached %d of %d frames %d"):format(reached, n - 1, frames))
