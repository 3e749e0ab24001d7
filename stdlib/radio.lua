-- mesh.radio and mesh.waypoints: a radio medium over live rewiring, and
-- random-waypoint mobility. Nodes have places on a plane (n:move_to,
-- n:position); two nodes of a radio within range of each other are joined
-- by a link of their own whose loss grows with their distance, and the
-- links follow the nodes as they move. Everything random draws from the
-- script's math.random, so a seed gives the same run.
local M = {}

-- seconds(v) -> seconds, or nil and why: a duration as mesh.link reads
-- one (Go's parser, given by bindings/radio.go).
local seconds = ...

local known_radio = {range = true, loss = true, every = true, prefix = true, link = true}
local known_waypoints = {area = true, speed = true, pause = true, step = true}

local function check_opts(fname, opts, known)
  opts = opts or {}
  local names = {}
  for k in pairs(known) do names[#names + 1] = k end
  table.sort(names)
  for k in pairs(opts) do
    if not known[k] then
      error(("%s: unknown option %q (options: %s)"):format(fname, tostring(k), table.concat(names, ", ")), 3)
    end
  end
  return opts
end

-- radio(nodes, opts) -> radio. opts: range (required), loss (the loss at
-- the edge of range, default 0.2; it grows as the square of the
-- distance), every (how often the links follow the nodes, a duration,
-- default "100ms"; false: only on radio:update()), prefix (of the links'
-- names, default "radio:"), link (other options of every link: delay,
-- rate, queue, mtu).
function M.radio(nodes, opts)
  opts = check_opts("mesh.radio", opts, known_radio)
  local range, edge = opts.range, opts.loss or 0.2
  if type(range) ~= "number" or range <= 0 then
    error("mesh.radio: range must be a number above 0", 2)
  end
  if type(edge) ~= "number" or edge < 0 or edge > 1 then
    error("mesh.radio: loss must be a probability from 0 to 1", 2)
  end
  local prefix = opts.prefix or "radio:"
  local r = {nodes = {}, links = {}} -- links[name] = link
  for i, n in ipairs(nodes) do r.nodes[i] = n end

  local function link_opts(loss)
    local o = {loss = loss}
    for k, v in pairs(opts.link or {}) do o[k] = v end
    return o
  end

  -- update joins the pairs within range that are not joined, sets the loss
  -- of those that are, and removes the links of pairs out of range.
  function r:update()
    local ns, wanted = self.nodes, {}
    for i = 1, #ns do
      local ax, ay = ns[i]:position()
      if ax then
        for j = i + 1, #ns do
          local bx, by = ns[j]:position()
          if bx then
            local d = math.sqrt((ax - bx) ^ 2 + (ay - by) ^ 2)
            if d <= range then
              local name = prefix .. ns[i].name .. "-" .. ns[j].name
              local loss = edge * (d / range) ^ 2
              wanted[name] = true
              local l = self.links[name]
              if l then
                l:set{loss = loss}
              else
                l = mesh.link(name, link_opts(loss))
                mesh.connect(ns[i], l)
                mesh.connect(ns[j], l)
                self.links[name] = l
              end
            end
          end
        end
      end
    end
    local gone = {}
    for name in pairs(self.links) do
      if not wanted[name] then gone[#gone + 1] = name end
    end
    table.sort(gone) -- the same order every run
    for _, name in ipairs(gone) do
      mesh.remove(self.links[name])
      self.links[name] = nil
    end
  end

  -- add(node) puts another node on the radio.
  function r:add(n) self.nodes[#self.nodes + 1] = n end

  -- stop ends the periodic updates; the links stay as they are.
  function r:stop() if self.timer then self.timer:cancel() self.timer = nil end end

  r:update()
  if opts.every ~= false then
    r.timer = mesh.every(opts.every or "100ms", function() r:update() end)
  end
  return r
end

-- waypoints(nodes, opts) -> mobility: random waypoint. Each node picks a
-- place at random in the area and goes there in a straight line at a speed
-- drawn between speed[1] and speed[2], waits pause, and picks the next.
-- opts: area ({width, height}, default {1, 1}), speed (units a second,
-- default {0.05, 0.1}), pause (a duration, default 0), step (how often
-- nodes move, a duration, default "100ms"). A node without a place starts
-- at one drawn in the area.
function M.waypoints(nodes, opts)
  opts = check_opts("mesh.waypoints", opts, known_waypoints)
  local area = opts.area or {1, 1}
  local speed = opts.speed or {0.05, 0.1}
  local pause, step = opts.pause or 0, opts.step or 0.1
  if type(area[1]) ~= "number" or type(area[2]) ~= "number" or area[1] <= 0 or area[2] <= 0 then
    error("mesh.waypoints: area is {width, height}, two numbers above 0", 2)
  end
  if type(speed[1]) ~= "number" or type(speed[2]) ~= "number" or speed[1] <= 0 or speed[2] < speed[1] then
    error("mesh.waypoints: speed is {min, max}, numbers with 0 < min <= max", 2)
  end
  local function duration(v, what)
    local d, err = seconds(v)
    if not d or (what == "step" and d <= 0) then
      error(("mesh.waypoints: %s: %s"):format(what, err or "want a duration above 0"), 3)
    end
    return d
  end
  pause, step = duration(pause, "pause"), duration(step, "step")
  local m = {state = {}}
  local function pick(s)
    s.tx, s.ty = math.random() * area[1], math.random() * area[2]
    s.speed = speed[1] + math.random() * (speed[2] - speed[1])
  end
  for _, n in ipairs(nodes) do
    if not n:position() then n:move_to(math.random() * area[1], math.random() * area[2]) end
    local s = {node = n, wait = 0}
    pick(s)
    m.state[#m.state + 1] = s
  end
  m.timer = mesh.every(step, function()
    for _, s in ipairs(m.state) do
      if s.wait > 0 then
        s.wait = s.wait - step
        if s.wait <= 0 then pick(s) end
      else
        local x, y = s.node:position()
        local dx, dy = s.tx - x, s.ty - y
        local d, move = math.sqrt(dx * dx + dy * dy), s.speed * step
        if d <= move then
          s.node:move_to(s.tx, s.ty)
          s.wait = pause
          if pause <= 0 then pick(s) end
        else
          s.node:move_to(x + dx / d * move, y + dy / d * move)
        end
      end
    end
  end)
  -- stop ends the movement; the nodes stay where they are.
  function m:stop() self.timer:cancel() end
  return m
end

return M
