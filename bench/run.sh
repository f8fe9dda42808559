#!/usr/bin/env bash
# The benchmark: every client on every workload against Debian's nginx on 127.0.0.1 -> bench/RESULTS.md.
# Usage: bench/run.sh [W1 W2a W2b W3 W4 W5 W6]   (BENCH_RUNS=3 runs per cell by default; BENCH_OUT=FILE writes
# there instead of bench/RESULTS.md, for a run of some workloads). Not part of mvn verify.
# bench/run.sh --quick: url-fetcher against HttpClient 5 alone on W2a, W3 and W4, ratios only (about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ensure_nginx
if ! /usr/bin/python3 -c 'import aiohttp' 2>/dev/null || [ ! -x /usr/bin/time ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiohttp time curl >/dev/null
fi
mvn -B -q -DskipTests package
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
trap stop_nginx EXIT
start_nginx "$(pwd)/bench/work/run/nginx"
NGINX_PORT=$NGINX_PORT NGINX_TLS_PORT=$NGINX_TLS_PORT NGINX_WORK=$NGINX_WORK /usr/bin/python3 bench/run.py "$@"
