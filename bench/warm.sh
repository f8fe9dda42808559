#!/usr/bin/env bash
# Cold and warm: one `bin/url-fetcher --watch` process (C1, as the launcher runs it) is handed the same list ROUNDS
# times, and each batch's own fetch time (totalMillis of its report) is printed beside curl --parallel and aiohttp on
# the same list in the same minute. The first batch pays what every single run pays (class loading, code not yet
# compiled); the later ones show the cost per request of the code itself.
# Usage: bench/warm.sh [W2b|W3|W4|W6] [ROUNDS]   (default W3, 6 rounds). Not part of mvn verify; 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
workload=${1:-W3}; rounds=${2:-6}
ensure_nginx
ensure_jar
command -v curl >/dev/null && python3 -c 'import aiohttp' 2>/dev/null || {
    apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl python3-aiohttp >/dev/null; }
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
seconds() { # command...: wall seconds
    local start; start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    echo "$(date +%s.%N) - $start" | bc
}

printf '%s: %d URLs, C = %d, one --watch process (bin/url-fetcher, %s)\n' "$workload" "$count" "$concurrency" \
    "$(java -version 2>&1 | head -1)"
printf 'round  url-fetcher s (ok)   curl --parallel s   aiohttp s   url-fetcher / curl   url-fetcher / aiohttp\n'
for i in $(seq "$rounds"); do
    read -r fetched ok < <(batch "$i")
    c=$(seconds timeout 120 curl -sS --parallel --parallel-immediate --parallel-max "$concurrency" \
        --cacert "$NGINX_WORK/tls/ca.pem" -K "$work/curl.conf")
    a=$(SSL_CERT_FILE=$NGINX_WORK/tls/ca.pem timeout 120 /usr/bin/python3 bench/peers/aiohttp_fetch.py "$work/list.txt" "$concurrency" \
        2>/dev/null | tail -1 | awk '{print $1 / 1000}')
    printf '%5d  %8.3f (%d)  %17.3f  %10.3f  %19.2fx  %21.2fx\n' "$i" "$fetched" "$ok" "$c" "$a" \
        "$(echo "$fetched / $c" | bc -l)" "$(echo "$fetched / $a" | bc -l)"
done
