-- flood_line: how often does a flood cross a line of n nodes whose links
-- each lose a frame with probability loss? Node n1 floods `messages`
-- messages, 10 ms apart; the last node counts those it got. No copy comes
-- back on a line, so a message crosses only if none of the n - 1 links
-- loses it: the delivery ratio should be (1 - loss)^(n - 1).
-- Parameters (meshlua --set NAME=VALUE): n (10), loss (0.1), messages (100).
-- Results: delivery, the ratio measured, and expected, the formula's.
-- A sweep of it is the worked example of docs/experiments.md.
local n = mesh.param("n", 10)
local loss = mesh.param("loss", 0.1)
local messages = mesh.param("messages", 100)

local nodes = mesh.topo.line(n, {
  program = "flood",
  args = {quiet = true},
  link = {delay = "1ms", loss = loss},
})
for i = 1, messages do
  mesh.at(i * 0.01, function() nodes[1]:call("send", "message " .. i) end)
end
-- the last message leaves n1 at messages * 10 ms and takes (n - 1) ms
mesh.run(messages * 0.01 + n * 0.001)

local got = nodes[n]:call("count")
local r = mesh.report{delivery = got / messages, expected = (1 - loss) ^ (n - 1)}
print(("n %d, loss %g: %d of %d messages crossed: delivery %.3f, expected %.3f"):format(
  n, loss, got, messages, r.delivery, r.expected))
