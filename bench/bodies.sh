#!/usr/bin/env bash
# 100,000 URLs of 100 KB bodies (Debian's nginx on 127.0.0.1) through bin/url-fetcher with --save-bodies and
# --format jsonl: wall time, CPU, peak RSS (target: under 512 MB) and what landed on disk (about 10 GB, deleted
# afterwards). Writes bench/RESULTS-bodies.md. Usage: bench/bodies.sh [URL count, default 100000].
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
count=${1:-100000}
work=$(pwd)/bench/work/bodies
rm -rf "$work" && mkdir -p "$work"
ensure_nginx
[ -x /usr/bin/time ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
mvn -B -q -DskipTests package
trap 'stop_nginx; rm -rf "$work/bodies"' EXIT
start_nginx "$work/nginx"
head -c 102400 /dev/urandom > "$NGINX_WORK/www/bytes/100k"
/usr/bin/python3 -c "
with open('$work/urls.txt', 'w') as f:
    f.writelines(f'http://127.0.0.1:$NGINX_PORT/bytes/100k?i={i}\n' for i in range($count))"
/usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" timeout 1800 \
    bin/url-fetcher --urls "$work/urls.txt" --concurrency 100 --format jsonl --quiet --max-body 1MB \
    --save-bodies "$work/bodies" --sink "file:$work/out" > "$work/console.txt"
read -r wall user sys rss_kb < "$work/time.txt"
files=$(find "$work/bodies" -type f -name '[0-9]*' | wc -l)
parts=$(find "$work/bodies" -type f -name '.part-*' | wc -l)
disk=$(du -sm "$work/bodies" | cut -f1)
ok=$(grep -c '"outcome":"ok"' "$work"/out/*.jsonl || true)
expected=$(sha256sum "$NGINX_WORK/www/bytes/100k" | cut -c1-64)
same=$(grep -c "\"sha256\":\"$expected\"" "$work"/out/*.jsonl || true)
{
    echo "# $count URLs of 100 KB, bodies saved, JSON Lines"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1),"
    echo "bin/url-fetcher --concurrency 100 --format jsonl --save-bodies DIR, Debian nginx (100 KB bodies) on 127.0.0.1."
    echo
    echo "| URLs | ok | sha256 as served | files saved | .part left | on disk | fetch (report) | process wall | CPU s | peak RSS |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    echo "| $count | $ok | $same | $files | $parts | ${disk} MB | $(grep -o 'total time [0-9.]* s' "$work/console.txt" | cut -d' ' -f3) s | ${wall} s | $(awk "BEGIN{print $user+$sys}") | $((rss_kb / 1024)) MB |"
    echo
    grep -E "URLs|total time" "$work/console.txt" | sed 's/^/    /'
} | tee bench/RESULTS-bodies.md
