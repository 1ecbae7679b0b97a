#!/usr/bin/env bash
# Renders a gansweep report.html in headless Chromium (Debian's `chromium` package) and writes
#   OUT.png  a full-page screenshot, and
#   OUT.dom  the DOM after load, whose <body> carries data-charts / data-charts-rendered: how many
#            charts the page holds and how many decoded and rendered.
# Usage: analysis/scripts/report-screenshot.sh REPORT.html OUT   (writes OUT.png and OUT.dom)
# Installs chromium with apt-get when it is missing and the user is root.
set -euo pipefail
report="${1:?usage: report-screenshot.sh REPORT.html OUT}"
out="${2:?usage: report-screenshot.sh REPORT.html OUT}"
[[ -f "$report" ]] || { echo "Cannot render report: no such file (got $report; allowed a report.html)" >&2; exit 2; }
if ! command -v chromium >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Cannot render report: chromium is not installed (got none; allowed Debian's chromium package)" >&2; exit 1
  fi
fi
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The flags keep Chromium off the network (this machine has none) and out of a sandbox it cannot
# create as root.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars)
chromium "${flags[@]}" --window-size=1400,3200 --virtual-time-budget=10000 --screenshot="$out.png" "$url" >/dev/null 2>&1
chromium "${flags[@]}" --virtual-time-budget=5000 --dump-dom "$url" > "$out.dom" 2>/dev/null
echo "$out.png $out.dom"
