#!/usr/bin/env bash
# Issue 2's figure: 1,000 URLs whose server answers after 100 ms, sequential versus parallel at
# concurrency 100, against Debian's nginx on 127.0.0.1. The ideal is 100 s versus 1 s.
# Writes bench/RESULTS-core.md. Takes about two minutes (the sequential run alone is 100 s or more).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

work=$(pwd)/bench/work/core-1000
rm -rf "$work" && mkdir -p "$work"
ensure_nginx
ensure_jar
trap stop_nginx EXIT
start_nginx "$work/nginx"

urls=$work/urls.txt
for i in $(seq 1000); do echo "http://127.0.0.1:$NGINX_PORT/sleep/0.1?i=$i"; done > "$urls"

run() { # run MODE CONCURRENCY -> prints "totalMillis sumMillis ok"
    local mode=$1 concurrency=$2 out=$work/$1-$2
    mkdir -p "$out"
    timeout 600 bin/url-fetcher --urls "$urls" --mode "$mode" --concurrency "$concurrency" \
        --quiet --sink "file:$out" > "$out/console.txt"
    python3 - "$out" <<'PY'
import json, pathlib, sys
report = json.loads(next(pathlib.Path(sys.argv[1]).glob("url-fetcher-*.json")).read_text())
print(report["totalMillis"], report["sumMillis"], report["outcomes"].get("ok", 0), report["latency"]["p50"], report["latency"]["max"])
PY
}

read -r seq_total seq_sum seq_ok seq_p50 seq_max < <(run sequential 1)
read -r par_total par_sum par_ok par_p50 par_max < <(run parallel 100)

{
    echo "# Core fetcher: 1,000 URLs at 100 ms, sequential vs parallel (C = 100)"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(java -version 2>&1 | head -1), target: Debian nginx $(nginx -v 2>&1 | sed 's/.*\///') + echo module (echo_sleep 0.1) on 127.0.0.1."
    echo "Times are the batch wall time from the report (JVM start excluded)."
    echo
    echo "| mode | concurrency | ok | wall time | ideal | wall / ideal | p50 per URL | max per URL |"
    echo "|---|---|---|---|---|---|---|---|"
    echo "| sequential | 1 | $seq_ok / 1000 | $(awk "BEGIN{printf \"%.2f s\", $seq_total/1000}") | 100 s | $(awk "BEGIN{printf \"%.3f\", $seq_total/100000}") | $seq_p50 ms | $seq_max ms |"
    echo "| parallel | 100 | $par_ok / 1000 | $(awk "BEGIN{printf \"%.2f s\", $par_total/1000}") | 1 s | $(awk "BEGIN{printf \"%.3f\", $par_total/1000}") | $par_p50 ms | $par_max ms |"
    echo
    echo "Speed-up (sequential / parallel): $(awk "BEGIN{printf \"%.1fx\", $seq_total/$par_total}") (ideal 100x)."
} | tee bench/RESULTS-core.md
