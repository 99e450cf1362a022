-- wrk script: sends the bearer token of $CAREGAP_TOKEN and, when the run
-- ends, prints one summary line: requests/s, p50 and p99 latency in ms,
-- and errors (non-2xx/3xx answers plus socket errors).
local token = os.getenv("CAREGAP_TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT requests_per_s=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
