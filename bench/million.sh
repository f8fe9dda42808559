#!/usr/bin/env bash
# One million URLs (1 KB bodies from Debian's nginx on 127.0.0.1) through bin/url-fetcher with --format jsonl,
# without and with --state (every result also recorded durably, issue 12), alternating, RUNS times each (default 3):
# wall time, CPU and peak RSS (target: under 512 MB; --state within 10% of the time without it).
# Writes bench/RESULTS-million.md. Takes about 2 × RUNS × 70 s.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
RUNS=${RUNS:-3}
work=$(pwd)/bench/work/million
rm -rf "$work" && mkdir -p "$work"
ensure_nginx
mvn -B -q -DskipTests package
trap stop_nginx EXIT
start_nginx "$work/nginx"
head -c 1024 /dev/zero > "$NGINX_WORK/www/bytes/1k"
/usr/bin/python3 -c "
import sys
with open('$work/urls.txt', 'w') as f:
    f.writelines(f'http://127.0.0.1:$NGINX_PORT/bytes/1k?i={i}\n' for i in range(1_000_000))"

# run NAME EXTRA-ARGS...: one run, its figures appended to $work/NAME.tsv as "wall cpu rss_mb fetch_s lines"
run() {
    local name=$1; shift
    rm -rf "$work/out" "$work/state"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" timeout 900 \
        bin/url-fetcher --urls "$work/urls.txt" --concurrency 100 --format jsonl --quiet --sink "file:$work/out" "$@" \
        > "$work/console-$name.txt"
    local wall user sys rss_kb
    read -r wall user sys rss_kb < "$work/time.txt"
    echo "$wall $(awk "BEGIN{print $user+$sys}") $((rss_kb / 1024)) \
$(grep -o 'total time [0-9.]* s' "$work/console-$name.txt" | cut -d' ' -f3) $(cat "$work"/out/*.jsonl | wc -l)" \
        >> "$work/$name.tsv"
    tail -1 "$work/$name.tsv" >&2
}
for _ in $(seq "$RUNS"); do
    run plain
    run state --state "$work/state"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1.tsv" | median; }
row() {
    echo "| $2 | $(col "$1" 5) | $(col "$1" 4) s | $(col "$1" 1) s | $(col "$1" 2) | $(col "$1" 3) MB |"
}
{
    echo "# One million URLs, JSON Lines"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), bin/url-fetcher --concurrency 100 --format jsonl,"
    echo "Debian nginx (1 KB bodies) on 127.0.0.1. Medians of $RUNS runs (the lower middle one for an even count), the two kinds alternating."
    echo
    echo "| run | report lines | fetch (report) | process wall | CPU s | peak RSS |"
    echo "|---|---|---|---|---|---|"
    row plain "1,000,000"
    row state "1,000,000 with \`--state\`"
    echo
    echo "--state / plain, process wall: $(awk "BEGIN{printf \"%.3f\", $(col state 1)/$(col plain 1)}")"
    echo
    echo "Every run (wall s, CPU s, RSS MB, fetch s, lines):"
    echo
    for name in plain state; do sed "s/^/    $name /" "$work/$name.tsv"; done
} | tee bench/RESULTS-million.md
