#!/usr/bin/env bash
# `npm run test:vsix`: packages Fanout, installs the .vsix into a throwaway code-server extensions
# dir with `code-server --install-extension`, and runs the in-host suite against that installed
# copy (no extensionDevelopmentPath), the way a user gets it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/package.sh
node esbuild.mjs --tests   # the suite only; dist/ stays the production build that was packaged
vsix="$PWD/fanout-$(node -p 'require("./package.json").version').vsix"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fanout-vsix-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/xdg" "$tmp/ud" "$tmp/ext"
XDG_CONFIG_HOME="$tmp/xdg" XDG_DATA_HOME="$tmp/xdg" node_modules/.bin/code-server \
  --user-data-dir "$tmp/ud" --extensions-dir "$tmp/ext" --install-extension "$vsix" --force
installed="$(XDG_CONFIG_HOME="$tmp/xdg" XDG_DATA_HOME="$tmp/xdg" node_modules/.bin/code-server \
  --user-data-dir "$tmp/ud" --extensions-dir "$tmp/ext" --list-extensions --show-versions)"
echo "installed: $installed"
grep -qx 'fanout.fanout@[0-9.]*' <<<"$installed" || { echo "FAIL: fanout.fanout is not installed" >&2; exit 1; }

node_modules/.bin/tsx test/host/runInCodeServer.ts --installed "$tmp/ext" | tee "$tmp/host.log"
loaded_from="$(sed -n 's/^extensionPath=//p' "$tmp/host.log" | tail -1)"
case "$loaded_from" in
  "$tmp/ext/"*) echo "the suite ran against the installed copy in $loaded_from" ;;
  *) echo "FAIL: the suite ran against ${loaded_from:-an unknown copy}, not the one installed in $tmp/ext" >&2; exit 1 ;;
esac
