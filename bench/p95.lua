-- wrk: print requests/s, the 95th percentile latency (ms) and the request count on one line.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("BENCH rps=%.1f p95=%.1f errors=%d non2xx=%d requests=%d\n",
    summary.requests / seconds, latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests))
end
