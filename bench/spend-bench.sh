#!/usr/bin/env bash
# The credits spend under load. Not a test: it measures a running local Plinth.
#
#   1. In one terminal: mvn -Prun
#   2. In another:      bash bench/spend-bench.sh
#
# bench/SpendLoad.java makes a fresh credits tenant whose USERS users each buy 2,000 credits (paid
# at the simulator's checkout page), runs a discarded warm-up round, then has THREADS threads
# spend 1 credit REQUESTS times each (closed loop, the tenant's key, a fresh idempotency key each):
# spread over the users, then all on one user (every spend takes turns on that user's balance).
# It fails unless every spend was 201, every balance ends exactly where the spends put it, and
# the ledger check holds.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://localhost:9080}
USERS=${USERS:-50}
THREADS=${THREADS:-50}
REQUESTS=${REQUESTS:-20}

echo "machine: nproc=$(nproc) cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
curl -sf "$BASE/health/ready" >/dev/null || { echo "Plinth is not ready at $BASE; start it with: mvn -Prun" >&2; exit 1; }
[ -r .devdb/admin-token ] || { echo "no .devdb/admin-token: was Plinth started with mvn -Prun here?" >&2; exit 1; }
ADMIN_TOKEN=$(cat .devdb/admin-token)
java bench/SpendLoad.java "$BASE" "$ADMIN_TOKEN" 5 5 2 >/dev/null
echo "== spread over $USERS users"
java bench/SpendLoad.java "$BASE" "$ADMIN_TOKEN" "$USERS" "$THREADS" "$REQUESTS"
echo "== all on one user"
java bench/SpendLoad.java "$BASE" "$ADMIN_TOKEN" 1 "$THREADS" "$REQUESTS" hot
