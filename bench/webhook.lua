-- wrk script for the webhook intake: each request sends the next of the deliveries pre-signed by
-- `java bench/WebhookLoad.java presign` (one per line: signature TAB body), each once.
--   DELIVERIES=/tmp/file SLUG=bench-x wrk -t2 -c16 -d20s -s bench/webhook.lua http://localhost:9080
-- RATE=200 CONNECTIONS=16 spaces each connection's requests so that all of them together offer about 200/s
-- (wrk measures from the send, not from a schedule: with RATE, a stalled server shows as fewer
-- requests sent rather than as latency; compare the sent count with RATE x seconds).
local lines = {}
for line in io.lines(os.getenv("DELIVERIES")) do
  lines[#lines + 1] = line
end
local slug = os.getenv("SLUG")
local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")
-- each thread takes every THREADS-th line from its own offset, so no delivery is sent twice
local nthreads = tonumber(os.getenv("THREADS") or "2")
local started = 0

function setup(thread)
  thread:set("id", started)
  started = started + 1
end

function init(args)
  next_index = id + 1
  sent = 0
  statuses = {}
end

function delay()
  if rate > 0 then
    -- called before each request of each connection: all connections together offer RATE/s
    return 1000 * connections / rate
  end
  return 0
end

function request()
  local line = lines[next_index]
  if line == nil then
    wrk.thread:stop()
    return wrk.format("GET", "/health/live")
  end
  next_index = next_index + nthreads
  sent = sent + 1
  local tab = line:find("\t", 1, true)
  return wrk.format("POST", "/api/webhooks/stripe/" .. slug, {
    ["Content-Type"] = "application/json; charset=utf-8",
    ["Stripe-Signature"] = line:sub(1, tab - 1)
  }, line:sub(tab + 1))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format(
    "wrk: requests=%d non2xx_or_errors=%d seconds=%.1f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
