#!/usr/bin/env bash
# Issue 4's figure: one batch through the broker with 1 worker, then with 2 workers, next to local parallel runs
# of the same list, all in one run (ratios, not absolute seconds: the machine is noisy). Target: Debian's nginx
# with the echo module (/sleep/0.1) on 127.0.0.1. Worker 1 hosts the embedded Artemis broker; worker 2 connects
# to it. Both workers share this machine's cores: the figure shows the cost of the broker round trips and how
# the work spreads, not the gain of a second machine. Writes bench/RESULTS-scale-out.md. About a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

URLS=${URLS:-2000}
PER_WORKER=${PER_WORKER:-50}
ROUNDS=${ROUNDS:-3}

work=$(pwd)/bench/work/scale-out
rm -rf "$work" && mkdir -p "$work"
ensure_nginx
ensure_jar
workers=()
cleanup() { # SIGTERM to every worker first (a graceful stop takes up to camel.main.shutdown-timeout), then wait
    for pid in "${workers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${workers[@]}"; do
        timeout 20 tail --pid="$pid" -f /dev/null || kill -9 "$pid" 2>/dev/null || true
    done
    stop_nginx
}
trap cleanup EXIT
start_nginx "$work/nginx"
broker_port=$(free_port)

urls=$work/urls.txt
for i in $(seq "$URLS"); do echo "http://127.0.0.1:$NGINX_PORT/sleep/0.1?i=$i"; done > "$urls"

report_of() { # report_of DIR -> "totalMillis ok workers"
    python3 - "$1" <<'PY'
import json, pathlib, sys
report = json.loads(next(pathlib.Path(sys.argv[1]).glob("url-fetcher-*.json")).read_text())
print(report["totalMillis"], report["outcomes"].get("ok", 0), report.get("workers", 0))
PY
}

local_run() { # local_run CONCURRENCY ROUND
    local out=$work/local-$1-$2
    mkdir -p "$out"
    timeout 300 bin/url-fetcher --urls "$urls" --concurrency "$1" --quiet --sink "file:$out" > "$out/console.txt"
    report_of "$out"
}

submit_run() { # submit_run NAME ROUND
    local out=$work/$1-$2
    mkdir -p "$out"
    timeout 300 bin/url-fetcher submit --broker "tcp://127.0.0.1:$broker_port" --urls "$urls" --quiet \
        --sink "file:$out" > "$out/console.txt"
    report_of "$out"
}

start_worker() { # start_worker NAME BROKER
    timeout 900 bin/url-fetcher worker --broker "$2" --broker-port "$broker_port" --broker-data "$work/broker" \
        --concurrency "$PER_WORKER" > "$work/$1.out" 2> "$work/$1.err" &
    workers+=($!)
    for _ in $(seq 300); do
        grep -q "consumers of" "$work/$1.err" && return 0
        sleep 0.1
    done
    echo "$1 did not start; its log:" >&2 && cat "$work/$1.err" >&2 && return 1
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A times
for round in $(seq "$ROUNDS"); do
    read -r t _ _ < <(local_run "$PER_WORKER" "$round"); times[local1]+="$t "
    read -r t _ _ < <(local_run $((2 * PER_WORKER)) "$round"); times[local2]+="$t "
done
start_worker worker-1 embedded
for round in $(seq "$ROUNDS"); do
    read -r t ok w < <(submit_run one-worker "$round"); times[one]+="$t "
    [ "$ok" = "$URLS" ] && [ "$w" = 1 ] || { echo "one-worker round $round: $ok ok from $w workers" >&2; exit 1; }
done
start_worker worker-2 "tcp://127.0.0.1:$broker_port"
for round in $(seq "$ROUNDS"); do
    read -r t ok w < <(submit_run two-workers "$round"); times[two]+="$t "
    [ "$ok" = "$URLS" ] && [ "$w" = 2 ] || { echo "two-workers round $round: $ok ok from $w workers" >&2; exit 1; }
done

med() { echo "${times[$1]}" | tr ' ' '\n' | grep . | median; }
one=$(med one); two=$(med two); l1=$(med local1); l2=$(med local2)
row() { # row LABEL CONCURRENCY MILLIS
    awk -v label="$1" -v c="$2" -v ms="$3" -v n="$URLS" -v base="$one" -v ideal="$4" \
        'BEGIN { printf "| %s | %s | %.2f s | %.0f URLs/s | %.2f | %.2f |\n", label, c, ms/1000, n/(ms/1000), base/ms, ms/ideal }'
}
{
    echo "# Scale-out: $URLS URLs at 100 ms through ActiveMQ Artemis, 1 vs 2 workers"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(java -version 2>&1 | head -1), target: Debian nginx"
    echo "$(nginx -v 2>&1 | sed 's/.*\///') + echo module on 127.0.0.1. Medians of $ROUNDS rounds; wall time from the"
    echo "report (a distributed batch's includes submitting the jobs and collecting the results). Workers run"
    echo "--concurrency $PER_WORKER each; worker 1 hosts the embedded broker (persistent journal)."
    echo
    echo "| run | requests in flight | wall time | throughput | speed vs 1 worker | wall / ideal |"
    echo "|---|---|---|---|---|---|"
    row "distributed, 1 worker" "$PER_WORKER" "$one" $((URLS * 100 / PER_WORKER))
    row "distributed, 2 workers" "$((2 * PER_WORKER))" "$two" $((URLS * 100 / (2 * PER_WORKER)))
    row "local parallel" "$PER_WORKER" "$l1" $((URLS * 100 / PER_WORKER))
    row "local parallel" "$((2 * PER_WORKER))" "$l2" $((URLS * 100 / (2 * PER_WORKER)))
    echo
    echo "All rounds: 1 worker ${times[one]}ms; 2 workers ${times[two]}ms; local ${times[local1]}/ ${times[local2]}ms."
    echo
    echo "Where the time goes: each job costs a worker a receive, a durable result send and a commit on the broker"
    echo "(about 10-15 ms on top of the 100 ms fetch here), the first jobs start after the first chunk of 500 is"
    echo "committed, and on this one machine the two workers, the broker, the submitter and nginx share $(nproc) cores."
    echo "A second machine adds its cores; here the second worker adds only requests in flight."
} | tee bench/RESULTS-scale-out.md
