#!/usr/bin/env bash
# The events vertical's two loads. Not a test: it measures a running local Plinth.
#
#   1. In one terminal: mvn -Prun
#   2. In another:      bash bench/events-bench.sh
#
# bench/EventsLoad.java makes a fresh events tenant per run, then sends N distinct signed
# webhooks at once (ten declined cards for each of ten events) and waits until all are processed,
# then has N API clients call at once (half create an event, half list events). It fails unless
# every delivery was processed once at its first attempt, every call answered 200 or 201, and the
# tenant's error log stayed empty (no pool timeout). One discarded warm-up run, then RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://localhost:9080}
N=${N:-100}
RUNS=${RUNS:-5}

echo "machine: nproc=$(nproc) cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
curl -sf "$BASE/health/ready" >/dev/null || { echo "Plinth is not ready at $BASE; start it with: mvn -Prun" >&2; exit 1; }
[ -r .devdb/admin-token ] || { echo "no .devdb/admin-token: was Plinth started with mvn -Prun here?" >&2; exit 1; }
ADMIN_TOKEN=$(cat .devdb/admin-token)
java bench/EventsLoad.java "$BASE" "$ADMIN_TOKEN" "$N" >/dev/null
for i in $(seq "$RUNS"); do
  echo "== run $i"
  java bench/EventsLoad.java "$BASE" "$ADMIN_TOKEN" "$N"
done
curl -s "$BASE/metrics?scope=vendor" | grep -E '^connectionpool_(inUseTime|waitTime)_seconds_(count|sum)|^connectionpool_(managedConnections|freeConnections|connectionHandles)' || true
