-- counter: counts the frames and bytes it receives.
-- count() and bytes() return the totals; reset() starts again.
local frames, total = 0, 0

function on_frame(f)
  frames = frames + 1
  total = total + f.len
end

function count() return frames end
function bytes() return total end
function reset() frames, total = 0, 0 end
