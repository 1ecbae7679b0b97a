#!/usr/bin/env bash
# Re-downloads the chart library that report.html inlines (Vega, Vega-Lite and vega-embed, their
# minified UMD builds and licences) from the npm registry with `npm pack`, and checks each file's
# sha256 against analysis/src/main/resources/io/gansweep/analysis/report/VENDORED.txt.
#   analysis/tools/vendor-charts.sh           check: download and compare, change nothing (exit 1 on a mismatch)
#   analysis/tools/vendor-charts.sh --write   vendor: copy the files in and record their sha256
# To move to a newer release, edit the versions below and run with --write; then look at a report.
set -euo pipefail
packages=("vega@6.4.0 build/vega.min.js" "vega-lite@6.5.0 build/vega-lite.min.js" "vega-embed@7.3.0 build/vega-embed.min.js")
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/main/resources/io/gansweep/analysis/report"
record="$dest/VENDORED.txt"
mode=${1:-check}
[[ $mode == check || $mode == --write ]] || { echo "Cannot vendor charts: unknown option (got $mode; allowed --write or none)" >&2; exit 2; }
command -v npm >/dev/null || { echo "Cannot vendor charts: npm is not installed (got none; allowed npm on PATH)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lines=()
status=0
for entry in "${packages[@]}"; do
  spec=${entry% *}; file=${entry#* }; name=${spec%@*}; version=${spec#*@}
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$work/$name" && tar xzf "$work/$name-$version.tgz" -C "$work/$name"
  base=$(basename "$file")
  sum=$(sha256sum "$work/$name/package/$file" | cut -d' ' -f1)
  lines+=("$base $name $version $sum $(npm view "$spec" dist.integrity)")
  if [[ $mode == --write ]]; then
    cp "$work/$name/package/$file" "$dest/$base"
    cp "$work/$name/package/LICENSE" "$dest/LICENSE-$name"
  elif ! grep -q "^$base $name $version $sum " "$record"; then
    echo "mismatch: $base of $spec has sha256 $sum, $record says: $(grep "^$base " "$record" || echo nothing)" >&2
    status=1
  elif [[ $(sha256sum "$dest/$base" | cut -d' ' -f1) != "$sum" ]]; then
    echo "mismatch: the vendored $dest/$base differs from $spec's $file" >&2
    status=1
  fi
done
if [[ $mode == --write ]]; then
  { echo "# file package version sha256 npm-integrity (analysis/tools/vendor-charts.sh writes and checks this; BSD-3-Clause, see LICENSE-<package>)"
    printf '%s\n' "${lines[@]}"; } > "$record"
  echo "vendored into $dest"
elif [[ $status -eq 0 ]]; then
  echo "ok: the vendored files match the npm registry's"
fi
exit $status
