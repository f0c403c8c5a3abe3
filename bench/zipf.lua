-- wrk script: request paths from a file (one a line, most popular first) with Zipf weights,
-- and print a JSON summary at the end. Usage: wrk ... -s zipf.lua URL -- PATHS_FILE
local paths, cumulative, total = {}, {}, 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
    total = total + 1 / #paths
    cumulative[#paths] = total
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local x, lo, hi = math.random() * total, 1, #paths
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < x then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", paths[lo])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "non2xx": %d, "socket_errors": %d, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
