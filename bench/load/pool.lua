-- wrk script: POST pre-signed DeepSource bodies in a cycle, so each request carries a delivery id
-- the relay has not dispatched yet, and report the figures as one JSON line.
-- Arguments after `--`: the pool file (signature\nlength\nbody records) and the request path.

local requests = {}
local index = 0

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local path = args[2] or "/deepsource"
  while true do
    local signature = file:read("*l")
    if not signature then break end
    local length = tonumber(file:read("*l"))
    local body = file:read(length)
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/json",
      ["X-DeepSource-Signature"] = signature,
    }, body)
  end
  file:close()
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, _)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%.0f,"duration_us":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,' ..
    '"status":%.0f,"timeout":%.0f,"p50_us":%.0f,"p90_us":%.0f,"p99_us":%.0f,"max_us":%.0f}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
