#!/usr/bin/env bash
# Cold and warm: one `bin/url-fetcher --watch` process is handed the same list ROUNDS times, and each batch's own fetch
# time (totalMillis of its report) is printed beside curl --parallel and aiohttp on the same list in the same minute.
# The first batch pays what every single run pays (class loading, code not yet compiled); the later ones show the cost
# per request of the code itself.
# With `every` as the third argument, one `bin/url-fetcher --every` process fetches the list ROUNDS times on its own
# timer (every WARM_EVERY seconds, default 15), and after each round curl --parallel fetches it as a cron job would, a fresh
# process each round, in the gap before the next round (a round that starts before curl ended is marked).
# The launcher's JVM options apply (docs/USAGE.md#jvm-options); URL_FETCHER_JAVA_OPTS adds to them, e.g.
# URL_FETCHER_JAVA_OPTS=-XX:TieredStopAtLevel=1 for C1 only.
# Usage: bench/warm.sh [W2b|W3|W4|W6] [ROUNDS] [watch|every]   (default W3, 6 rounds, watch). Not part of mvn
# verify; 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
workload=${1:-W3}; rounds=${2:-6}; host=${3:-watch}
ensure_nginx
ensure_jar
if [ "$host" = every ]; then
    command -v curl >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
else
    command -v curl >/dev/null && python3 -c 'import aiohttp' 2>/dev/null || {
        apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl python3-aiohttp >/dev/null; }
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work=$(pwd)/bench/work/warm
rm -rf "$work"; mkdir -p "$work/inbox"
watcher=
cleanup() { # nothing here may fail before stop_nginx: nginx would outlive the script, holding its output open
    if [ -n "$watcher" ]; then
        kill "$watcher" 2>/dev/null || true
        wait "$watcher" 2>/dev/null || true
    fi
    stop_nginx
}
trap cleanup EXIT
start_nginx "$work/nginx"
head -c 1024 /dev/zero | tr '\0' x > "$NGINX_WORK/www/bytes/1k"
head -c 1048576 /dev/urandom > "$NGINX_WORK/www/bytes/1m"
base=http://127.0.0.1:$NGINX_PORT
case $workload in
    W2b) count=1000; concurrency=1000; url=$base/sleep/0.1 ;;
    W3) count=20000; concurrency=50; url=$base/bytes/1k ;;
    W4) count=200; concurrency=20; url=$base/bytes/1m ;;
    W6) count=2000; concurrency=50; url=https://127.0.0.1:$NGINX_TLS_PORT/bytes/1k ;;
    *) echo "unknown workload $workload (W2b, W3, W4, W6)" >&2; exit 2 ;;
esac
seq 0 $((count - 1)) | sed "s#^#$url?i=#" > "$work/list.txt"
awk '{printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0}' "$work/list.txt" > "$work/curl.conf"

seconds() { # command...: wall seconds
    local start; start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    echo "$(date +%s.%N) - $start" | bc
}
curl_list() {
    timeout 120 curl -sS --parallel --parallel-immediate --parallel-max "$concurrency" \
        --cacert "$NGINX_WORK/tls/ca.pem" -K "$work/curl.conf"
}

if [ "$host" = every ]; then
    every=${WARM_EVERY:-15}
    bin/url-fetcher --urls "$work/list.txt" --every "${every}s" --rounds "$rounds" --concurrency "$concurrency" --quiet \
        --cacert "$NGINX_WORK/tls/ca.pem" --sink "file:$work/reports?tempPrefix=.writing-" >"$work/every.log" 2>&1 &
    watcher=$!
    printf '%s: %d URLs, C = %d, one --every %ss process (bin/url-fetcher%s, %s)\n' "$workload" "$count" "$concurrency" \
        "$every" "${URL_FETCHER_JAVA_OPTS:+ with $URL_FETCHER_JAVA_OPTS}" "$(java -version 2>&1 | head -1)"
    printf 'round  url-fetcher s (ok)   curl --parallel s (a fresh process)   url-fetcher / curl\n'
    for i in $(seq "$rounds"); do
        report=
        for _ in $(seq 1200); do # at most 120 s past the round's start
            report=$(ls "$work"/reports/url-fetcher-*-round-"$i".json 2>/dev/null || true)
            [ -n "$report" ] && break
            kill -0 "$watcher" 2>/dev/null || { echo "the --every process ended: $(tail -5 "$work/every.log")" >&2; exit 1; }
            sleep 0.1
        done
        [ -n "$report" ] || { echo "round $i did not finish" >&2; exit 1; }
        read -r fetched ok next < <(python3 -c 'import json, sys, datetime
r = json.load(open(sys.argv[1]))
start = datetime.datetime.fromisoformat(r["startedAt"][:26].rstrip("Z") + "+00:00").timestamp()
print(r["totalMillis"] / 1000, r["outcomes"].get("ok", 0), start + float(sys.argv[2]))' "$report" "$every")
        c=$(seconds curl_list)
        late=
        [ "$i" -lt "$rounds" ] && [ "$(echo "$(date +%s.%N) > $next" | bc)" = 1 ] && late=yes
        printf '%5d  %8.3f (%d)  %17.3f  %36.2fx%s\n' "$i" "$fetched" "$ok" "$c" "$(echo "$fetched / $c" | bc -l)" \
            "${late:+  (the next round started before curl ended)}"
    done
    wait "$watcher" || true
    watcher=
    exit 0
fi

bin/url-fetcher --watch "$work/inbox" --concurrency "$concurrency" --cacert "$NGINX_WORK/tls/ca.pem" \
    >"$work/watch.log" 2>&1 &
watcher=$!

# One batch through the watcher: seconds of its own fetch, from its report.
batch() {
    local name=batch-$1
    cp "$work/list.txt" "$work/$name.tmp" && mv "$work/$name.tmp" "$work/inbox/$name.txt"
    for _ in $(seq 1200); do # at most 120 s
        if [ -f "$work/inbox/.done/$name.report.json" ]; then
            python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["totalMillis"] / 1000, r["outcomes"].get("ok", 0))' \
                "$work/inbox/.done/$name.report.json"
            return
        fi
        [ -e "$work/inbox/.failed/$name.txt" ] && { echo "batch $1 failed: $(cat "$work/inbox/.failed/$name.reason.txt")" >&2; exit 1; }
        sleep 0.1
    done
    echo "batch $1 did not finish in 120 s" >&2; exit 1
}
printf '%s: %d URLs, C = %d, one --watch process (bin/url-fetcher, %s)\n' "$workload" "$count" "$concurrency" \
    "$(java -version 2>&1 | head -1)"
printf 'round  url-fetcher s (ok)   curl --parallel s   aiohttp s   url-fetcher / curl   url-fetcher / aiohttp\n'
for i in $(seq "$rounds"); do
    read -r fetched ok < <(batch "$i")
    c=$(seconds curl_list)
    a=$(SSL_CERT_FILE=$NGINX_WORK/tls/ca.pem timeout 120 /usr/bin/python3 bench/peers/aiohttp_fetch.py "$work/list.txt" "$concurrency" \
        2>/dev/null | tail -1 | awk '{print $1 / 1000}')
    printf '%5d  %8.3f (%d)  %17.3f  %10.3f  %19.2fx  %21.2fx\n' "$i" "$fetched" "$ok" "$c" "$a" \
        "$(echo "$fetched / $c" | bc -l)" "$(echo "$fetched / $a" | bc -l)"
done
