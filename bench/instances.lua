-- wrk: like get.lua / upsell.lua (MODE=get or upsell), but each wrk thread talks to its
-- own server instance: PORTS="p1,p2" assigns them round-robin (the load generator is the
-- only "load balancer").
local ports = {}
for p in string.gmatch(os.getenv("PORTS"), "[^,]+") do ports[#ports + 1] = p end
local assigned = 0
function setup(thread)
  assigned = assigned + 1
  thread.addr = wrk.lookup("127.0.0.1", ports[(assigned - 1) % #ports + 1])[1]
end

local sessions = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do sessions[#sessions + 1] = line end
local upsell = os.getenv("MODE") == "upsell"
local state = {}
local i = 0
request = function()
  i = i % #sessions + 1
  if not upsell then
    return wrk.format("GET", "/api/checkout/" .. sessions[i])
  end
  state[i] = not state[i]
  local body = state[i] and '{"selected":true}' or '{"selected":false}'
  return wrk.format("POST", "/api/checkout/" .. sessions[i] .. "/upsell", { ["Content-Type"] = "application/json" }, body)
end
