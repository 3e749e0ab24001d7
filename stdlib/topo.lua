-- mesh.topo: topology builders for scripts. Each makes nodes named
-- PREFIX1..PREFIXn (prefix "n" by default) joined by two-port links named
-- "a-b", and returns the list of nodes and the list of links.
--
-- opts: program, args (a table, or a function(i, name) returning one),
--       budget, memory (as for mesh.node), prefix, link (options for every link).
local topo = {}

-- read_graph(path) -> names, edges: the graph in a file, read by Go
-- (bindings/graphfile.go): an edge list or a NetJSON NetworkGraph.
local read_graph = ...

local known = {program = true, args = true, budget = true, memory = true, prefix = true, link = true, connected = true}

-- make_nodes makes n nodes named PREFIXi, or names[i] if names is given.
local function make_nodes(fname, n, opts, names)
  opts = opts or {}
  for k in pairs(opts) do
    if not known[k] then
      error(("mesh.topo.%s: unknown option %q (options: args, budget, connected, link, memory, prefix, program)"):format(fname, tostring(k)), 3)
    end
  end
  if type(n) ~= "number" or n < 1 or n ~= math.floor(n) then
    error(("mesh.topo.%s: the number of nodes must be a whole number >= 1, got %s"):format(fname, tostring(n)), 3)
  end
  local prefix = opts.prefix or "n"
  local nodes = {}
  for i = 1, n do
    local name = names and names[i] or prefix .. i
    local args = opts.args
    if type(args) == "function" then
      args = args(i, name)
    end
    nodes[i] = mesh.node(name, {program = opts.program, args = args, budget = opts.budget, memory = opts.memory})
  end
  local links = {}
  local function join(a, b)
    local l = mesh.link(a.name .. "-" .. b.name, opts.link)
    mesh.connect(a, l)
    mesh.connect(b, l)
    links[#links + 1] = l
  end
  return nodes, links, join, opts
end

-- line(n, opts): n1 - n2 - ... - nN.
function topo.line(n, opts)
  local nodes, links, join = make_nodes("line", n, opts)
  for i = 1, n - 1 do join(nodes[i], nodes[i + 1]) end
  return nodes, links
end

-- ring(n, opts): a line closed from nN back to n1 (n >= 3).
function topo.ring(n, opts)
  local nodes, links, join = make_nodes("ring", n, opts)
  for i = 1, n - 1 do join(nodes[i], nodes[i + 1]) end
  if n >= 3 then join(nodes[n], nodes[1]) end
  return nodes, links
end

-- star(n, opts): n1 is the hub, joined to each of n2..nN.
function topo.star(n, opts)
  local nodes, links, join = make_nodes("star", n, opts)
  for i = 2, n do join(nodes[1], nodes[i]) end
  return nodes, links
end

-- grid(rows, cols, opts): rows x cols nodes numbered row by row, each
-- joined to its right and lower neighbours.
function topo.grid(rows, cols, opts)
  if type(cols) ~= "number" or cols < 1 then
    error("mesh.topo.grid(rows, cols, opts): cols must be a number >= 1", 2)
  end
  local nodes, links, join = make_nodes("grid", rows * cols, opts)
  for r = 0, rows - 1 do
    for c = 1, cols do
      local i = r * cols + c
      if c < cols then join(nodes[i], nodes[i + 1]) end
      if r < rows - 1 then join(nodes[i], nodes[i + cols]) end
    end
  end
  return nodes, links
end

-- tree(n, fanout, opts): n1 is the root; node i's parent is node
-- floor((i - 2) / fanout) + 1, so levels fill from left to right.
function topo.tree(n, fanout, opts)
  if type(fanout) ~= "number" or fanout < 1 or fanout ~= math.floor(fanout) then
    error("mesh.topo.tree(n, fanout, opts): fanout must be a whole number >= 1", 2)
  end
  local nodes, links, join = make_nodes("tree", n, opts)
  for i = 2, n do join(nodes[math.floor((i - 2) / fanout) + 1], nodes[i]) end
  return nodes, links
end

-- full(n, opts): every node joined to every other.
function topo.full(n, opts)
  local nodes, links, join = make_nodes("full", n, opts)
  for i = 1, n do
    for j = i + 1, n do join(nodes[i], nodes[j]) end
  end
  return nodes, links
end

-- random(n, p, opts): each pair joined with probability p, drawn from the
-- run's seed. With opts.connected, components are then chained together so
-- every node can reach every other.
function topo.random(n, p, opts)
  if type(p) ~= "number" or p < 0 or p > 1 then
    error("mesh.topo.random(n, p, opts): p must be a probability from 0 to 1", 2)
  end
  local nodes, links, join, o = make_nodes("random", n, opts)
  local parent = {} -- union-find with path halving: components in near O(1)
  local function find(i)
    while parent[i] and parent[i] ~= i do
      local up = parent[i]
      parent[i] = parent[up] or up
      i = up
    end
    return i
  end
  local size = {}
  local function union(i, j)
    i, j = find(i), find(j)
    if i == j then return end
    if (size[i] or 1) < (size[j] or 1) then i, j = j, i end
    parent[j] = i
    size[i] = (size[i] or 1) + (size[j] or 1)
  end
  -- Visit only the pairs that get a link: the gap to the next one is
  -- geometric, so a sparse graph of many nodes takes time in its links,
  -- not in its n * (n - 1) / 2 pairs.
  if p > 0 then
    local logq = math.log(1 - p)
    local i, j = 1, 1
    while true do
      local gap = p < 1 and math.floor(math.log(1 - math.random()) / logq) or 0
      j = j + 1 + gap
      while i < n and j > n do j, i = j - n + i + 1, i + 1 end
      if i >= n then break end
      join(nodes[i], nodes[j])
      union(i, j)
    end
  end
  if o.connected then
    -- Nodes 1..i-1 are one component; join node i to it if it is apart.
    for i = 2, n do
      if find(i) ~= find(1) then
        local j = math.random(i - 1)
        join(nodes[j], nodes[i])
        union(j, i)
      end
    end
  end
  return nodes, links
end

-- ba(n, m, opts): Barabási–Albert preferential attachment. n1..n(m+1) start
-- as a full graph; each later node joins m distinct earlier nodes, each
-- drawn with probability proportional to its degree.
function topo.ba(n, m, opts)
  if type(m) ~= "number" or m < 1 or m ~= math.floor(m) or (type(n) == "number" and m >= n) then
    error("mesh.topo.ba(n, m, opts): m must be a whole number from 1 to n - 1", 2)
  end
  local nodes, links, join = make_nodes("ba", n, opts)
  local ends = {} -- every link's two ends: a node appears once per link it has
  local function link(i, j)
    join(nodes[i], nodes[j])
    ends[#ends + 1], ends[#ends + 2] = i, j
  end
  for i = 1, m + 1 do
    for j = i + 1, m + 1 do link(i, j) end
  end
  for i = m + 2, n do
    local chosen, targets = {}, {}
    while #targets < m do
      local j = ends[math.random(#ends)]
      if not chosen[j] then chosen[j] = true targets[#targets + 1] = j end
    end
    table.sort(targets)
    for _, j in ipairs(targets) do link(j, i) end
  end
  return nodes, links
end

-- ws(n, k, beta, opts): Watts–Strogatz small world: a ring where each node is joined to
-- its k nearest (k/2 on each side), then each link's far end moved with
-- probability beta to a random node that is neither itself nor already
-- joined to it.
function topo.ws(n, k, beta, opts)
  if type(n) == "number" and (type(k) ~= "number" or k < 2 or k % 2 ~= 0 or k >= n) then
    error("mesh.topo.ws(n, k, beta, opts): k must be an even number from 2 to n - 1", 2)
  end
  if type(beta) ~= "number" or beta < 0 or beta > 1 then
    error("mesh.topo.ws(n, k, beta, opts): beta must be a probability from 0 to 1", 2)
  end
  local nodes, links, join = make_nodes("ws", n, opts)
  local joined = {} -- joined[i][j] for both orders
  for i = 1, n do joined[i] = {} end
  local edges = {}
  for i = 1, n do
    for d = 1, k / 2 do
      local j = (i + d - 1) % n + 1
      joined[i][j], joined[j][i] = true, true
      edges[#edges + 1] = {i, j}
    end
  end
  for _, e in ipairs(edges) do
    local i, j = e[1], e[2]
    if math.random() < beta then
      -- A random free end; a node joined to nearly all others keeps its
      -- link after 64 tries rather than scan them all.
      for _ = 1, 64 do
        local c = math.random(n)
        if c ~= i and not joined[i][c] then
          joined[i][j], joined[j][i] = nil, nil
          joined[i][c], joined[c][i] = true, true
          e[2] = c
          break
        end
      end
    end
  end
  for _, e in ipairs(edges) do join(nodes[math.min(e[1], e[2])], nodes[math.max(e[1], e[2])]) end
  return nodes, links
end

-- geometric(n, radius, opts): n nodes at random places in the unit square,
-- two joined when they are at most radius apart (a unit disk graph). Each
-- node is put at its place (n:position()). Returns the nodes, the links
-- and the places: places[i] = {x = ..., y = ...}.
function topo.geometric(n, radius, opts)
  if type(radius) ~= "number" or radius <= 0 then
    error("mesh.topo.geometric(n, radius, opts): radius must be a number above 0", 2)
  end
  local nodes, links, join = make_nodes("geometric", n, opts)
  local places = {}
  for i = 1, n do
    places[i] = {x = math.random(), y = math.random()}
    nodes[i]:move_to(places[i].x, places[i].y) -- for mesh.radio and mobility
  end
  -- Cells of radius x radius: a node's neighbours are in its own cell or
  -- the eight around it, so the graph takes time in its links.
  local cells, size = {}, math.max(1, math.floor(1 / radius))
  local function cell(cx, cy) return cy * (size + 1) + cx end
  for i, p in ipairs(places) do
    local c = cell(math.floor(p.x * size), math.floor(p.y * size))
    cells[c] = cells[c] or {}
    table.insert(cells[c], i)
  end
  for i, p in ipairs(places) do
    local cx, cy = math.floor(p.x * size), math.floor(p.y * size)
    local near = {}
    for dx = -1, 1 do
      for dy = -1, 1 do
        for _, j in ipairs(cells[cell(cx + dx, cy + dy)] or {}) do
          local q = places[j]
          if j > i and (p.x - q.x) ^ 2 + (p.y - q.y) ^ 2 <= radius * radius then near[#near + 1] = j end
        end
      end
    end
    table.sort(near)
    for _, j in ipairs(near) do join(nodes[i], nodes[j]) end
  end
  return nodes, links, places
end

-- load(path, opts): the graph in a file: an edge list (a line "a b" per
-- link; # starts a comment) or, for a name ending in .json, a NetJSON
-- NetworkGraph (its nodes' ids and its links' sources and targets). Nodes
-- are named as in the file, in the order they first appear.
function topo.load(path, opts)
  if type(path) ~= "string" then
    error("mesh.topo.load(path, opts): path must be a string, got " .. type(path), 2)
  end
  local names, edges = read_graph(path)
  if not names then error(edges, 2) end
  local index = {}
  for i, name in ipairs(names) do index[name] = i end
  local nodes, links, join = make_nodes("load", #names, opts, names)
  for _, e in ipairs(edges) do join(nodes[index[e[1]]], nodes[index[e[2]]]) end
  return nodes, links
end

return topo
