#!/usr/bin/env bash
# W3 under JFR: N URLs of 1 KB (default 200,000) from Debian's nginx at C = 50 through bin/url-fetcher, sampled every
# PERIOD (default 2 ms), then the CPU by layer (bench/JfrLayers.java), with the CPU-ms per request derived from the
# run's CPU time (user + system of the JVM, less that of a 1-URL run with the same JFR settings: start-up and exit).
# Usage: bench/profile-w3.sh OUT.jfr   (env: N, PERIOD, URL_FETCHER_JAR to profile another build, ARGS for more
# url-fetcher options). Writes OUT.jfr and OUT.txt. Not part of mvn verify; traffic goes to 127.0.0.1 only.
# Quote its figures only from a run on an otherwise idle machine (nothing else timed or building at the same time).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
out=$(readlink -f "$1")
n=${N:-200000}
period=${PERIOD:-2 ms}
ensure_nginx
ensure_jar
[ -x /usr/bin/time ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
trap stop_nginx EXIT
work=$(pwd)/bench/work/profile
rm -rf "$work/reports"; mkdir -p "$work/reports"
start_nginx "$work/nginx"
head -c 1024 /dev/zero | tr '\0' x > "$NGINX_WORK/www/bytes/1k"
seq 0 $((n - 1)) | sed "s#^#http://127.0.0.1:$NGINX_PORT/bytes/1k?i=#" > "$work/w3.txt"
head -1 "$work/w3.txt" > "$work/one.txt"
jdk=$(dirname "$(readlink -f "$(command -v java)")")/..
sed "s#<setting name=\"period\" control=\"method-sampling-java-interval\">[^<]*<#<setting name=\"period\" control=\"method-sampling-java-interval\">$period<#" \
    "$jdk/lib/jfr/profile.jfc" > "$work/w3.jfc"

# CPU seconds (user + system) of one run of the list $1, recorded to $2
cpu_run() {
    URL_FETCHER_JAVA_OPTS="-XX:StartFlightRecording=filename=$2,settings=$work/w3.jfc" /usr/bin/time -f '%U %S %e' \
        -o "$work/time.txt" bin/url-fetcher --urls "$1" --concurrency 50 --quiet --sink "file:$work/reports" ${ARGS:-} \
        >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
    read -r user sys wall < "$work/time.txt"
    echo "$user $sys $wall"
}
bin/url-fetcher --urls "$work/one.txt" --quiet --sink "file:$work/reports" >/dev/null 2>&1 # class-data archive
read -r u0 s0 _ <<< "$(cpu_run "$work/one.txt" "$work/one.jfr")"
read -r u s wall <<< "$(cpu_run "$work/w3.txt" "$out")"
report=$(ls -t "$work"/reports/url-fetcher-*.json | head -1)
per_request=$(echo "($u + $s - $u0 - $s0) * 1000 / $n" | bc -l)
{
    printf 'W3 profile: %d URLs, C = 50, JFR sampling every %s; jar %s\n' "$n" "$period" "${URL_FETCHER_JAR:-target/url-fetcher.jar}"
    printf 'wall %.2f s, CPU %.2f s (user %s, sys %s); a 1-URL run: CPU %.2f s\n' "$wall" "$(echo "$u + $s" | bc)" "$u" "$s" \
        "$(echo "$u0 + $s0" | bc)"
    printf 'CPU per request (less the 1-URL run): %.4f ms\n' "$per_request"
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('report:', r['totalMillis'], 'ms', r['outcomes'])" "$report"
    echo
    java bench/JfrLayers.java "$out" "$per_request"
} | tee "${out%.jfr}.txt"
