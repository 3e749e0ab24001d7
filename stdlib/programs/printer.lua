-- printer: logs every frame it receives: port, sender and payload.
function on_frame(f)
  node.log(("port %d from %s: %s"):format(f.port, f.src, f.payload))
end
