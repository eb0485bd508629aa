#!/usr/bin/env bash
# Fetches the JavaScript kg serve ships (htmx, Cytoscape.js) from the npm registry with
# `npm pack` at the pinned versions, checks each tarball against the integrity recorded in
# kg/web/static/vendor/vendor.json, and copies the dist files and licences into the package.
# The copied files are committed, so a clean clone, `make setup` and a wheel build need
# no npm and no network; run this (make vendor-js) only to change a version, then update
# vendor.json (the test tests/web/test_vendor.py checks the files against it).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=kg/web/static/vendor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fetch() {  # package version dist-file target
  local pkg=$1 ver=$2 file=$3 target=$4
  (cd "$WORK" && npm pack --silent "$pkg@$ver" >/dev/null)
  local tgz
  tgz=$(ls "$WORK"/"${pkg//\//-}"-"$ver".tgz)
  local want
  want=$(python3 -c "import json,sys; print(json.load(open('$OUT/vendor.json'))['$pkg']['integrity'])")
  local got
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$want" != "$got" ]; then echo "integrity of $pkg@$ver: expected $want, got $got" >&2; exit 1; fi
  mkdir -p "$WORK/x-$pkg"
  tar xzf "$tgz" -C "$WORK/x-$pkg"
  cp "$WORK/x-$pkg/package/$file" "$OUT/$target"
  cp "$WORK/x-$pkg/package/LICENSE" "$OUT/${target%%.*}.LICENSE"
}
fetch htmx.org 2.0.11 dist/htmx.min.js htmx.min.js
fetch cytoscape 3.35.0 dist/cytoscape.min.js cytoscape.min.js
echo "kg: vendored JavaScript is up to date in $OUT"
