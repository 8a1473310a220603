#!/usr/bin/env bash
# `npm run test:vsix`: packages Fanout, installs the .vsix into a throwaway code-server extensions
# dir with `code-server --install-extension`, and tests that installed copy (no
# extensionDevelopmentPath), the way a user gets it:
#   1. the in-host suite (test/host/) inside its extension host;
#   2. test/vsix/*.vsix.ts in the workbench: "Fanout: Try the Demo" copies the sample shipped in the
#      package into a new folder, Fanout is in demo mode there, and the demo runs to staged changes.
# `--ui-only` (what `npm test` runs as its vsix tier) skips step 1, which the in-host tier has just
# run against the development build.
# Prints how long each step took. Screenshots: test-results/screenshots/vsix-*.png.
set -euo pipefail
ui_only=0
for arg in "$@"; do
  case "$arg" in
    --ui-only) ui_only=1 ;;
    *) echo "test-vsix.sh: unknown option $arg (only --ui-only)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
step() { echo "[test:vsix] $1 ($((SECONDS - started)) s)"; }

bash scripts/package.sh
step "packaged"
# The in-host suite's bundle; the .vsix was packaged from the production build above.
[ "$ui_only" = 1 ] || node esbuild.mjs --tests
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
step "installed"

# Both test steps run even when the first fails; the script fails when either did.
failed=()
if [ "$ui_only" = 0 ]; then
  node_modules/.bin/tsx test/host/runInCodeServer.ts --installed "$tmp/ext" --timeout 300 | tee "$tmp/host.log" || failed+=("the in-host suite")
  loaded_from="$(sed -n 's/^extensionPath=//p' "$tmp/host.log" | tail -1)"
  case "$loaded_from" in
    "$tmp/ext/"*) echo "the suite ran against the installed copy in $loaded_from" ;;
    *)
      echo "FAIL: the suite ran against ${loaded_from:-an unknown copy}, not the one installed in $tmp/ext" >&2
      failed+=("the in-host suite's copy")
      ;;
  esac
  step "in-host suite done"
fi

FANOUT_VSIX_EXTENSIONS_DIR="$tmp/ext" node_modules/.bin/mocha --no-config --node-option import=tsx --timeout 120000 --slow 10000 \
  --reporter spec 'test/vsix/**/*.vsix.ts' || failed+=("test/vsix")
step "installed-package UI tests done"

if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAIL: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g') failed against the installed .vsix" >&2
  exit 1
fi
