#!/usr/bin/env bash
# One million URLs (1 KB bodies from Debian's nginx on 127.0.0.1) through bin/url-fetcher with --format jsonl:
# wall time, CPU and peak RSS (target: under 512 MB). Writes bench/RESULTS-million.md. Takes about 70 s.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
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
/usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" timeout 900 \
    bin/url-fetcher --urls "$work/urls.txt" --concurrency 100 --format jsonl --quiet --sink "file:$work/out" \
    > "$work/console.txt"
read -r wall user sys rss_kb < "$work/time.txt"
lines=$(cat "$work"/out/*.jsonl | wc -l)
{
    echo "# One million URLs, JSON Lines"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), bin/url-fetcher --concurrency 100 --format jsonl,"
    echo "Debian nginx (1 KB bodies) on 127.0.0.1."
    echo
    echo "| URLs | report lines | fetch (report) | process wall | CPU s | peak RSS |"
    echo "|---|---|---|---|---|---|"
    echo "| 1,000,000 | $lines | $(grep -o 'total time [0-9.]* s' "$work/console.txt" | cut -d' ' -f3) s | ${wall} s | $(awk "BEGIN{print $user+$sys}") | $((rss_kb / 1024)) MB |"
    echo
    grep -E "URLs|total time" "$work/console.txt" | sed 's/^/    /'
} | tee bench/RESULTS-million.md
