#!/usr/bin/env bash
# Webhook intake benchmark. Not a test: it measures a running local Plinth.
#
#   1. In one terminal: mvn -Prun            (Plinth on the embedded PostgreSQL, port 9080)
#   2. In another:      bash bench/webhook-bench.sh
#
# Needs pgbench and psql (Debian: postgresql-client). Sends only to localhost.
# Phases: a pgbench baseline (one INSERT per transaction into a table of the same shape as
# core.webhook_events, same client count), then signed deliveries at fixed offered rates and at
# saturation. After each phase it waits for the backlog to drain and reports processed throughput.
# DRIVER=wrk sends with wrk (Debian: apt-get install wrk) over deliveries signed just before each
# phase, so the driver takes little of the CPU it measures; the default is bench/WebhookLoad.java.
# RATE_DRIVER (default: DRIVER) drives the fixed-rate phases: wrk is a closed-loop driver, so keep
# RATE_DRIVER=java for latencies measured from a schedule (DRIVER=wrk RATE_DRIVER=java).
# While each phase runs, the heap of the Liberty answering on BASE's port is sampled each second
# with jstat (LIBERTY_PID to name another process; skipped without jstat).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://localhost:9080}
PGPORT=${PGPORT:-55432}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-20}
CLIENTS=${CLIENTS:-16}
RATES=${RATES-"50 100 200"}
PSQL="psql -h localhost -p $PGPORT -U postgres -d plinth -qAtX"

curl -sf "$BASE/health/ready" >/dev/null || { echo "Plinth is not ready at $BASE; start it with: mvn -Prun" >&2; exit 1; }

# a tenant for the load, with a sealed webhook secret (inserted directly: the run command may have
# no vertical installed yet, and onboarding needs one)
TENANT=$(cat /proc/sys/kernel/random/uuid)
SLUG="bench-${TENANT:0:8}"
SECRET="whsec_bench${TENANT//-/}"
SEALED=$(java bench/WebhookLoad.java seal .devdb/secrets-key "$TENANT" "$SECRET")
$PSQL -c "INSERT INTO core.tenants (id, slug, name, vertical, owner_email, status, stripe_mode,
  stripe_secret_key, stripe_key_hint, webhook_secret, api_key_id, api_key_hash, created_at, updated_at)
  VALUES ('$TENANT', '$SLUG', 'Bench', 'bench', 'bench@example.com', 'active', 'direct',
  'v1:unused', 'sk_test_...none', '$SEALED', '${TENANT:0:12}', repeat('0', 64), now(), now())"

# baseline: pgbench inserting rows of the same shape
$PSQL -c "CREATE SCHEMA IF NOT EXISTS bench; DROP TABLE IF EXISTS bench.events;
  CREATE TABLE bench.events (LIKE core.webhook_events INCLUDING DEFAULTS INCLUDING INDEXES)"
cat > /tmp/plinth-bench-insert.sql <<SQL
INSERT INTO bench.events (id, tenant_id, event_id, event_type, object_id, api_version, livemode,
  stripe_created, source, payload, next_attempt_at, received_at)
VALUES (gen_random_uuid(), '$TENANT', 'evt_' || md5(random()::text), 'payment_intent.succeeded',
  'pi_x', '2026-07-29.dahlia', false, now(), 'webhook', repeat('x', 900), now(), now());
SQL
echo "== baseline: pgbench, $CLIENTS clients, ${SECONDS_PER_PHASE}s"
pgbench -h localhost -p "$PGPORT" -U postgres -n -c "$CLIENTS" -j 2 -T "$SECONDS_PER_PHASE" \
  -f /tmp/plinth-bench-insert.sql plinth 2>/dev/null | grep -E "^(tps|latency average)"

drain() {
  local phase=$1
  for _ in $(seq 1 600); do
    left=$($PSQL -c "SELECT count(*) FROM core.webhook_events WHERE tenant_id = '$TENANT'
      AND event_id LIKE 'evt_bench_${phase}_%' AND status NOT IN ('completed','skipped','dead')")
    [ "$left" = "0" ] && break
    sleep 0.5
  done
  $PSQL -F ' ' -c "SELECT 'phase=$phase processed=' || count(*) || ' processed_rps=' ||
      round(count(*) / greatest(extract(epoch FROM max(processed_at) - min(received_at)), 0.001), 1)
      || ' ack_to_processed_p50_ms=' ||
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)) * 1000)::numeric, 1)
      || ' left=' || $left
    FROM core.webhook_events WHERE tenant_id = '$TENANT' AND event_id LIKE 'evt_bench_${phase}_%'
    AND status = 'completed'"
}

DRIVER=${DRIVER:-java}
RATE_DRIVER=${RATE_DRIVER:-$DRIVER}
LIBERTY_PID=${LIBERTY_PID:-$(ss -ltnpH "sport = :${BASE##*:}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)}
heap_start() {
  HEAP_PID=
  if [ -n "$LIBERTY_PID" ] && command -v jstat >/dev/null; then
    jstat -gc "$LIBERTY_PID" 1000 > /tmp/plinth-bench-heap.txt 2>/dev/null &
    HEAP_PID=$!
  fi
}
# jstat -gc: S0C S1C S0U S1U EC EU OC OU ... GCT (KiB; the last column is the total GC time in s)
heap_stop() {
  [ -n "$HEAP_PID" ] || return 0
  kill "$HEAP_PID" 2>/dev/null; wait "$HEAP_PID" 2>/dev/null || true
  awk -v phase="$1" '$1 ~ /^[0-9.]+$/ { used = $3 + $4 + $6 + $8; cap = $1 + $2 + $5 + $7;
      if (used > mu) mu = used; if (cap > mc) mc = cap; if (first == "") first = $NF; last = $NF }
    END { if (mu) printf "heap phase=%s max_used_mib=%.0f max_committed_mib=%.0f gc_seconds=%.2f\n",
      phase, mu / 1024, mc / 1024, last - first }' /tmp/plinth-bench-heap.txt
}
# one phase: PHASE RATE SECONDS (RATE 0: saturation)
send() {
  local phase=$1 rate=$2 secs=$3 driver=$DRIVER
  [ "$rate" -gt 0 ] && driver=$RATE_DRIVER
  heap_start
  if [ "$driver" = wrk ]; then
    local n=$(( rate > 0 ? rate * secs : 3000 * secs ))
    java bench/WebhookLoad.java presign "$SECRET" "$phase" "$n" "/tmp/plinth-bench-$phase.txt"
    DELIVERIES="/tmp/plinth-bench-$phase.txt" SLUG="$SLUG" RATE="$rate" CONNECTIONS="$CLIENTS" THREADS=2 \
      wrk -t2 -c"$CLIENTS" -d"${secs}s" -s bench/webhook.lua "$BASE" | grep '^wrk:'
  else
    java bench/WebhookLoad.java run "$BASE" "$SLUG" "$SECRET" "$phase" "$rate" "$secs" "$CLIENTS"
  fi
  heap_stop "$phase"
}

echo "== warm-up (discarded): saturation for 10s"
send warm 0 10 >/dev/null
drain warm >/dev/null

for rate in $RATES; do
  echo "== offered $rate/s for ${SECONDS_PER_PHASE}s"
  send "r$rate" "$rate" "$SECONDS_PER_PHASE"
  drain "r$rate"
done
echo "== saturation, $CLIENTS clients for ${SECONDS_PER_PHASE}s"
send sat 0 "$SECONDS_PER_PHASE"
drain sat
