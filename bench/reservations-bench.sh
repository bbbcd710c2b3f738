#!/usr/bin/env bash
# Reservations deposit race benchmark. Not a test: it measures a running local Plinth.
#
#   1. In one terminal: RESERVATIONS_DEPOSITS_PER_CLIENT_PER_MINUTE=1000000 mvn -Prun
#      (every attempt comes from this machine's address; the default limit is 10 a minute)
#   2. In another:      bash bench/reservations-bench.sh
#
# Sends only to localhost. For each scenario bench/ReservationsLoad.java makes a fresh tenant with
# its webhook endpoint, runs a discarded warm-up burst, then RUNS bursts of ATTEMPTS deposit
# attempts released at once over fresh items (round-robin), each with its own email. It reports
# every run and the medians, and fails unless every item had exactly one winner.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://localhost:9080}
ATTEMPTS=${ATTEMPTS:-500}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-100}

echo "machine: nproc=$(nproc) cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
curl -sf "$BASE/health/ready" >/dev/null || { echo "Plinth is not ready at $BASE; start it with: RESERVATIONS_DEPOSITS_PER_CLIENT_PER_MINUTE=1000000 mvn -Prun" >&2; exit 1; }
[ -r .devdb/admin-token ] || { echo "no .devdb/admin-token: was Plinth started with mvn -Prun here?" >&2; exit 1; }
ADMIN_TOKEN=$(cat .devdb/admin-token)

status=0
for items in 1 50; do
  echo "== $ATTEMPTS concurrent attempts on $items item(s), $RUNS runs"
  java bench/ReservationsLoad.java "$BASE" "$ADMIN_TOKEN" "$items" "$ATTEMPTS" "$RUNS" "$WARMUP" || status=1
done
exit $status
