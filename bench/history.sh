#!/usr/bin/env bash
# The history across runs (issue 25), against Debian's nginx on 127.0.0.1 (which sends ETag and Last-Modified for its
# static files, so a round with a history gets 304s), through bin/url-fetcher:
#  1. W3 (20,000 URLs of 1 KB, C = 50) without a history and with a new one (an empty folder each run), alternating,
#     RUNS times each (default 3), then a round against the history the last run left (all 304: not_modified);
#  2. 1,000,000 URLs (C = 100, --format jsonl) with a new history, then again against it: wall time, peak RSS
#     (target: under 512 MB), URLs/s (each URL one lookup and one write of the history);
#  3. the store alone (bench/HistoryStoreBench.java): 1,000,000 writes, then 1,000,000 lookups from 8 threads.
# Writes bench/RESULTS-history.md (BENCH_OUT=FILE writes there instead). Not part of mvn verify. SKIP_MILLION=1 leaves
# part 2 out, SKIP_STORE=1 part 3.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
RUNS=${RUNS:-3}
work=$(pwd)/bench/work/history
rm -rf "$work" && mkdir -p "$work"
ensure_nginx
ensure_jar
# A copy of its own: a build during the benchmark would replace the jar under the running processes.
cp target/url-fetcher.jar "$work/url-fetcher.jar"
export URL_FETCHER_JAR=$work/url-fetcher.jar
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
trap stop_nginx EXIT
start_nginx "$work/nginx"
head -c 1024 /dev/zero | tr '\0' x > "$NGINX_WORK/www/bytes/1k"
seq 0 19999 | sed "s#^#http://127.0.0.1:$NGINX_PORT/bytes/1k?i=#" > "$work/W3.txt"

# run NAME LIST CONCURRENCY EXTRA-ARGS...: one run; "wall cpu rss_mb" appended to $work/NAME.tsv
run() {
    local name=$1 list=$2 concurrency=$3; shift 3
    rm -rf "$work/out"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" timeout 900 \
        bin/url-fetcher --urls "$list" --concurrency "$concurrency" --quiet --sink "file:$work/out" "$@" \
        > "$work/console-$name.txt" 2> "$work/stderr-$name.txt" || { cat "$work/stderr-$name.txt" >&2; exit 1; }
    local wall user sys rss_kb
    read -r wall user sys rss_kb < "$work/time.txt"
    echo "$wall $(awk "BEGIN{print $user+$sys}") $((rss_kb / 1024))" >> "$work/$name.tsv"
    echo "$name $(tail -1 "$work/$name.tsv") $(grep -o 'since the history.*' "$work/console-$name.txt" || true)" >&2
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1.tsv" | median; }
rate() { awk "BEGIN{printf \"%.0f\", $2 / $(col "$1" 1)}"; }

run warm "$work/W3.txt" 50 >/dev/null # class-data archive, warm disk
rm -f "$work/warm.tsv"
for _ in $(seq "$RUNS"); do
    run plain "$work/W3.txt" 50
    rm -rf "$work/hist"
    run new-history "$work/W3.txt" 50 --history "$work/hist"
done
run second-round "$work/W3.txt" 50 --history "$work/hist"

if [ -z "${SKIP_MILLION:-}" ]; then
    /usr/bin/python3 -c "
with open('$work/million.txt', 'w') as f:
    f.writelines(f'http://127.0.0.1:$NGINX_PORT/bytes/1k?i={i}\n' for i in range(1_000_000))"
    rm -rf "$work/hist-million"
    run million-new "$work/million.txt" 100 --format jsonl --history "$work/hist-million"
    run million-again "$work/million.txt" 100 --format jsonl --history "$work/hist-million"
    du -sh "$work/hist-million" | cut -f1 > "$work/million-size.txt"
fi
if [ -z "${SKIP_STORE:-}" ]; then
rm -rf "$work/store"
/usr/bin/time -f "%M" -o "$work/store-rss.txt" java -Xmx256m -cp "$URL_FETCHER_JAR" bench/HistoryStoreBench.java \
    "$work/store" 1000000 8 > "$work/store.txt"
fi

{
    echo "# The history across runs"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), bin/url-fetcher,"
    echo "Debian nginx (1 KB bodies, with ETag and Last-Modified) on 127.0.0.1. Medians of $RUNS runs, alternating."
    echo
    echo "| run | URLs | process wall | URLs/s | CPU s | peak RSS |"
    echo "|---|---|---|---|---|---|"
    echo "| W3 without a history | 20,000 | $(col plain 1) s | $(rate plain 20000) | $(col plain 2) | $(col plain 3) MB |"
    echo "| W3 with a new history | 20,000 | $(col new-history 1) s | $(rate new-history 20000) | $(col new-history 2) | $(col new-history 3) MB |"
    echo "| W3 again, against that history (304s) | 20,000 | $(col second-round 1) s | $(rate second-round 20000) | $(col second-round 2) | $(col second-round 3) MB |"
    if [ -z "${SKIP_MILLION:-}" ]; then
        echo "| a new history of 1,000,000 (jsonl, C = 100) | 1,000,000 | $(col million-new 1) s | $(rate million-new 1000000) | $(col million-new 2) | $(col million-new 3) MB |"
        echo "| again, against it (1,000,000 lookups, 304s) | 1,000,000 | $(col million-again 1) s | $(rate million-again 1000000) | $(col million-again 2) | $(col million-again 3) MB |"
    fi
    echo
    echo "new history / without, URLs/s: $(awk "BEGIN{printf \"%.3f\", $(col plain 1)/$(col new-history 1)}")"
    [ -z "${SKIP_MILLION:-}" ] && echo "" && echo "The 1,000,000-entry folder: $(cat "$work/million-size.txt")"
    if [ -z "${SKIP_STORE:-}" ]; then
        echo
        echo "The store alone (bench/HistoryStoreBench.java, -Xmx256m, peak RSS $(( $(cat "$work/store-rss.txt") / 1024 )) MB):"
        echo
        sed 's/^/    /' "$work/store.txt"
    fi
    echo
    echo "Every run (wall s, CPU s, RSS MB):"
    echo
    for name in plain new-history second-round million-new million-again; do
        [ -f "$work/$name.tsv" ] && sed "s/^/    $name /" "$work/$name.tsv"
    done
} | tee "${BENCH_OUT:-bench/RESULTS-history.md}"
