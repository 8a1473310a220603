#!/usr/bin/env bash
# `npm run package`: a production build from a clean dist/, then fanout-<version>.vsix with only
# what .vscodeignore lets in (no sources, tests, maps, node_modules or the headless CLI; the sample
# project goes in as dist/demo-workspace for "Fanout: Try the Demo"). Its README is
# marketplace/README.md, the user-facing one. Fails when the package reaches 3 MB.
#
# Relative image links in that README (media/screenshot-*.png, shipped in the package) are kept as
# they are, so the Extensions view shows them from the installed copy, unless the Marketplace can
# be told where they are online: FANOUT_BASE_IMAGES_URL (e.g. the raw URL of the repository's
# branch), or a GitHub/GitLab `repository` in package.json, from which vsce derives it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rm -rf dist
node esbuild.mjs --production

args=(--no-dependencies --readme-path marketplace/README.md)
if [ -n "${FANOUT_BASE_IMAGES_URL:-}" ]; then
  args+=(--baseImagesUrl "$FANOUT_BASE_IMAGES_URL")
elif ! node -e 'const r = require("./package.json").repository; const u = typeof r === "string" ? r : (r && r.url) || ""; process.exit(/github(\.com\/|:)|gitlab(\.com\/|:)/.test(u) ? 0 : 1)'; then
  args+=(--no-rewrite-relative-links)
fi
node_modules/.bin/vsce package "${args[@]}" "$@"

version="$(node -p 'require("./package.json").version')"
vsix="fanout-$version.vsix"
size="$(stat -c %s "$vsix")"
echo "$vsix: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1048576 }') MiB)"
if [ "$size" -ge $((3 * 1024 * 1024)) ]; then
  echo "FAIL: $vsix is 3 MB or more; check .vscodeignore and the bundle sizes." >&2
  exit 1
fi
# What the package holds (python3 is there for node-gyp; unzip may not be).
entries="$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$vsix")"
if grep -qx 'extension/dist/cli\.js' <<<"$entries"; then
  echo "FAIL: $vsix ships dist/cli.js, which the extension never loads; check .vscodeignore." >&2
  exit 1
fi
for shipped in extension/dist/extension.js extension/dist/demo-workspace/package.json extension/media/icon.png extension/readme.md; do
  grep -qxF "$shipped" <<<"$entries" || { echo "FAIL: $vsix lacks $shipped; check .vscodeignore." >&2; exit 1; }
done
