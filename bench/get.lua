-- wrk: GET the client view of many sessions, round robin.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do sessions[#sessions + 1] = line end
local i = 0
request = function()
  i = i % #sessions + 1
  return wrk.format("GET", "/api/checkout/" .. sessions[i])
end
