#!/usr/bin/env bash
# Two builds of url-fetcher side by side on the same nginx, alternating, so the machine's noise hits both alike:
# W2a (1,000 URLs at 100 ms, C = 100), W3 (20,000 URLs of 1 KB, C = 50) and W4 (200 bodies of 1 MB, C = 20), through
# bin/url-fetcher.
# Usage: bench/compare-builds.sh OLD.jar NEW.jar [ROUNDS]   (default 3 rounds; prints each time and the medians).
# Not part of mvn verify. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
old=$(readlink -f "$1"); new=$(readlink -f "$2"); rounds=${3:-3}
ensure_nginx
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
trap stop_nginx EXIT
start_nginx "$(pwd)/bench/work/compare/nginx"
work=bench/work/compare
head -c 1024 /dev/zero | tr '\0' x > "$NGINX_WORK/www/bytes/1k"
head -c 1048576 /dev/urandom > "$NGINX_WORK/www/bytes/1m"
seq 0 999 | sed "s#^#http://127.0.0.1:$NGINX_PORT/sleep/0.1?i=#" > "$work/W2a.txt"
seq 0 19999 | sed "s#^#http://127.0.0.1:$NGINX_PORT/bytes/1k?i=#" > "$work/W3.txt"
seq 0 199 | sed "s#^#http://127.0.0.1:$NGINX_PORT/bytes/1m?i=#" > "$work/W4.txt"

# Wall time of one run, in seconds; a failed run stops the comparison.
run() { # jar list concurrency
    local start end
    start=$(date +%s.%N)
    URL_FETCHER_JAR=$1 timeout 300 bin/url-fetcher --urls "$2" --concurrency "$3" --quiet \
        --sink "file:$work/reports" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for jar in "$old" "$new"; do run "$jar" "$work/W2a.txt" 100 >/dev/null; done # class-data archives, warm disk
for workload in "W2a 100" "W3 50" "W4 20"; do
    set -- $workload
    : > "$work/$1.old"; : > "$work/$1.new"
    for i in $(seq "$rounds"); do
        run "$old" "$work/$1.txt" "$2" >> "$work/$1.old"
        run "$new" "$work/$1.txt" "$2" >> "$work/$1.new"
    done
    o=$(median < "$work/$1.old"); n=$(median < "$work/$1.new")
    printf '%s  old %s s [%s]  new %s s [%s]  new/old %.2f\n' "$1" "$o" "$(paste -sd' ' "$work/$1.old")" \
        "$n" "$(paste -sd' ' "$work/$1.new")" "$(echo "$n / $o" | bc -l)"
done
