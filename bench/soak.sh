#!/usr/bin/env bash
# Fault soak of the webhook pipeline: "a 200 means the event is on disk". Not a test: a driver.
#
#   bash bench/soak.sh                  # 2,000 purchases (about 9,000 deliveries)
#   N=5000 bash bench/soak.sh           # 5,000 purchases, over 20,000 deliveries
#
# It starts the run command itself (`mvn -Prun`, in a process group of its own, output in
# target/soak/run.log), so nothing may be running on port 9080; it holds the run lock for the
# whole soak. It buys N campaigns on a fresh tenant, pays each on the Stripe simulator, delivers
# the events itself (duplicated, shuffled, with bad signatures and malformed bodies mixed in,
# retrying failures as Stripe does), and meanwhile kills a PostgreSQL backend, restarts
# PostgreSQL, and kills the whole run command and starts it again. It then checks every
# acknowledged event against the database. See bench/Soak.java and docs/RELIABILITY.md.
#
# Needs psql (Debian: postgresql-client) and setsid (util-linux). Sends only to localhost.
# Exits 0 only with nothing lost, nothing doubled and no 5xx to bad input while Plinth was up.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v psql >/dev/null || { echo "soak: needs psql (apt-get install postgresql-client)" >&2; exit 2; }
command -v setsid >/dev/null || { echo "soak: needs setsid (util-linux)" >&2; exit 2; }
mkdir -p target/soak
echo "machine: nproc=$(nproc) mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')" \
  "cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  "java=$(java -version 2>&1 | head -1)"
exec flock /tmp/plinth-run.lock java bench/Soak.java
