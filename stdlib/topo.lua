-- mesh.topo: topology builders for scripts. Each makes nodes named
-- PREFIX1..PREFIXn (prefix "n" by default) joined by two-port links named
-- "a-b", and returns the list of nodes and the list of links.
--
-- opts: program, args (a table, or a function(i, name) returning one),
--       budget, memory (as for mesh.node), prefix, link (options for every link).
local topo = {}

local known = {program = true, args = true, budget = true, memory = true, prefix = true, link = true, connected = true}

local function make_nodes(fname, n, opts)
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
    local name = prefix .. i
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

return topo
