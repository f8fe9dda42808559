#!/usr/bin/env bash
# Renders the demo run as an HTML waterfall and screenshots it with headless Chromium, to look at the page
# without a desktop. Writes bench/work/waterfall/demo-waterfall.{html,png}.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(pwd)/bench/work/waterfall
mkdir -p "$out"

[ -f target/url-fetcher.jar ] || mvn -B -q -DskipTests package
java -jar target/url-fetcher.jar --demo --html "$out/demo-waterfall.html" --sink "file:$out" --quiet

if [ ! -x /usr/bin/chromium ]; then
    echo "installing chromium from Debian's packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# A throwaway profile, and no background traffic: the page must render from the file alone.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1400,900 \
    --screenshot="$out/demo-waterfall.png" "file://$out/demo-waterfall.html"

echo "screenshot: $out/demo-waterfall.png"
