-- wrk: POST the upsell switch on many sessions, alternating on and off per session.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do sessions[#sessions + 1] = line end
local state = {}
local i = 0
request = function()
  i = i % #sessions + 1
  state[i] = not state[i]
  local body = state[i] and '{"selected":true}' or '{"selected":false}'
  return wrk.format("POST", "/api/checkout/" .. sessions[i] .. "/upsell", { ["Content-Type"] = "application/json" }, body)
end
