#!/usr/bin/env bash
# `npm run package`: a production build from a clean dist/, then fanout-<version>.vsix with only
# what .vscodeignore lets in (no sources, tests, maps, node_modules or samples). Fails when the
# package reaches 3 MB.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rm -rf dist
node esbuild.mjs --production
node_modules/.bin/vsce package --no-dependencies "$@"

version="$(node -p 'require("./package.json").version')"
vsix="fanout-$version.vsix"
size="$(stat -c %s "$vsix")"
echo "$vsix: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1048576 }') MiB)"
if [ "$size" -ge $((3 * 1024 * 1024)) ]; then
  echo "FAIL: $vsix is 3 MB or more; check .vscodeignore and the bundle sizes." >&2
  exit 1
fi
