#!/usr/bin/env bash
# The analyses quota check under load. Not a test: it measures a running local Plinth.
#
#   1. In one terminal: mvn -Prun
#   2. In another:      bash bench/quota-bench.sh
#
# bench/QuotaLoad.java makes a fresh analyses tenant with USERS users, each at its Free limit,
# runs a discarded warm-up round, then has every user send REQUESTS analyses at once (one thread
# per user, closed loop, the tenant's key). Every answer must be 402 quota_exceeded.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://localhost:9080}
USERS=${USERS:-200}
REQUESTS=${REQUESTS:-25}

echo "machine: nproc=$(nproc) cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
curl -sf "$BASE/health/ready" >/dev/null || { echo "Plinth is not ready at $BASE; start it with: mvn -Prun" >&2; exit 1; }
[ -r .devdb/admin-token ] || { echo "no .devdb/admin-token: was Plinth started with mvn -Prun here?" >&2; exit 1; }
java bench/QuotaLoad.java "$BASE" "$(cat .devdb/admin-token)" "$USERS" 2 >/dev/null
java bench/QuotaLoad.java "$BASE" "$(cat .devdb/admin-token)" "$USERS" "$REQUESTS"
