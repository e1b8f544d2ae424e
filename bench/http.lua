-- wrk script of bench_http.py: real sessions, CSRF tokens and a fresh request per line.
--
-- BENCH_SESSIONS: one line per member, "<Cookie header>\t<X-CSRFToken>[\t<Authorization>]".
-- BENCH_REQUESTS: one line per request, "<METHOD>\t<path>\t<session index>\t<body>\t<HX-Target>".
-- Thread t (one connection each: requests and answers alternate) takes lines t, t+T, t+2T...
-- BENCH_TRACK=1: count answers by status and keep the line of every non-2xx answer, so that
-- bench_http.py can compare the rows stored with the 2xx answers, request by request.
-- BENCH_OUT: where done() writes its JSON summary.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

local sessions, requests = {}, {}
position, sent, received, bad, lost = 0, 0, 0, "", "" -- globals: done() reads them
local statuses = {}
in_flight = nil

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  for line in io.lines(os.getenv("BENCH_SESSIONS")) do
    table.insert(sessions, split(line))
  end
  local n = 0
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if n % nthreads == tid then
      local f = split(line)
      local session = sessions[tonumber(f[3]) + 1]
      local headers = {
        ["Cookie"] = session[1],
        ["X-CSRFToken"] = session[2],
        ["X-Forwarded-Proto"] = "https",
        ["Origin"] = os.getenv("BENCH_ORIGIN"),
        ["User-Agent"] = "bench_http",
        ["Accept-Language"] = "fr",
      }
      if session[3] ~= nil and session[3] ~= "" then
        headers["Authorization"] = session[3] -- bench_api.py: the member's personal API token
      end
      if f[5] ~= nil and f[5] ~= "" then
        headers["HX-Request"] = "true"
        headers["HX-Target"] = f[5]
      end
      if f[1] == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      end
      table.insert(requests, {n, wrk.format(f[1], f[2], headers, f[1] == "POST" and f[4] or nil)})
    end
    n = n + 1
  end
end

function request()
  position = position + 1
  if position > #requests then
    position = 1 -- wrapped: a write scenario will see it as refusals (a second vote)
  end
  sent = sent + 1
  if in_flight ~= nil then
    lost = lost .. in_flight .. "," -- no answer came (a connection error): fate unknown
  end
  in_flight = requests[position][1]
  return requests[position][2]
end

if os.getenv("BENCH_TRACK") == "1" then
  function response(status, headers, body)
    received = received + 1
    statuses[status] = (statuses[status] or 0) + 1
    if status < 200 or status > 299 then
      bad = bad .. in_flight .. ":" .. status .. ","
    end
    in_flight = nil
  end
end

function done(summary, latency, requests_)
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write("{")
  out:write(string.format('"requests": %d, "duration_us": %d, "bytes": %d,', summary.requests,
    summary.duration, summary.bytes))
  out:write(string.format('"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d},',
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
  out:write('"latency_us": {')
  for i, p in ipairs({50, 90, 95, 99}) do
    out:write(string.format('%s"%d": %d', i > 1 and ", " or "", p, latency:percentile(p)))
  end
  out:write(string.format(', "max": %d},', latency.max))
  out:write('"threads": [')
  for i, thread in ipairs(threads) do
    local flight = thread:get("in_flight")
    out:write(string.format(
      '%s{"tid": %d, "sent": %d, "received": %d, "bad": "%s", "lost": "%s", "in_flight": %s}',
      i > 1 and ", " or "", thread:get("tid"), thread:get("sent"), thread:get("received"),
      thread:get("bad"), thread:get("lost"), flight and tostring(flight) or "null"))
  end
  out:write("]}\n")
  out:close()
end
