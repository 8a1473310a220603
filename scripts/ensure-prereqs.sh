#!/usr/bin/env bash
# Installs what building and testing Fanout needs, and only what is missing, so it is cheap to
# run again:
#   1. Debian packages: chromium (UI tests), libkrb5-dev (a native module inside code-server),
#      ripgrep (its binary seeds the cache below), and what compiles code-server's native modules:
#      build-essential (make, g++) and python3 (node-gyp); git (Distribute Review, the tests). Installed with apt-get when running as
#      root, otherwise the script names what to install and stops.
#   2. The @vscode/ripgrep download cache, seeded with the Debian rg binary: code-server's
#      @vscode/ripgrep fetches rg from GitHub at install time, which offline machines cannot.
#   3. node_modules: `npm ci` when it is missing or was installed from another package-lock.json.
#      node-gyp builds against the headers of the Node that runs it (npm_config_nodedir, when the
#      Node install has them) instead of downloading them, and code-server's postinstall, which
#      refuses to run as root unless npm_config_unsafe_perm=true, gets that variable through a
#      script shell made for this install (npm itself no longer knows the setting, and warns
#      about it wherever it is configured).
# Set FANOUT_SKIP_APT=1 to skip step 1 (for machines where the packages come from elsewhere).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[prereqs] %s\n' "$*"; }

# --- 1. system packages -------------------------------------------------------------------------
has_deb() {
  command -v dpkg-query >/dev/null 2>&1 &&
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
[ -x /usr/bin/chromium ] || has_deb chromium || missing+=(chromium)
has_deb libkrb5-dev || [ -e /usr/include/krb5.h ] || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
{ command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# Distribute Review reads the change with git, and the tests make git repositories.
command -v git >/dev/null 2>&1 || missing+=(git)

if [ "${#missing[@]}" -gt 0 ] && [ "${FANOUT_SKIP_APT:-}" != 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Fanout's tests need these system packages: ${missing[*]}." >&2
    echo "Install them, e.g. on Debian/Ubuntu: sudo apt-get install -y ${missing[*]}" >&2
    echo "(chromium must end up at /usr/bin/chromium, or set FANOUT_CHROMIUM to its path.)" >&2
    exit 1
  fi
fi

# --- 2. ripgrep cache for code-server's @vscode/ripgrep 1.15.11 ---------------------------------
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) rg_target=aarch64-unknown-linux-musl ;;
  *) rg_target="" ;;
esac
rg_bin="$(command -v rg || true)"
if [ -n "$rg_target" ] && [ -n "$rg_bin" ]; then
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  rg_archive="$rg_cache/ripgrep-v13.0.0-10-$rg_target.tar.gz"
  if [ ! -s "$rg_archive" ]; then
    log "seeding $rg_archive from $rg_bin"
    mkdir -p "$rg_cache"
    tar czf "$rg_archive" -C "$(dirname "$rg_bin")" rg
  fi
else
  log "warning: cannot seed the ripgrep cache (arch $(uname -m), rg ${rg_bin:-missing}); npm ci will try to download rg"
fi

# --- 3. node_modules ----------------------------------------------------------------------------
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp=node_modules/.fanout-lock-hash

# npm writes node_modules/.package-lock.json on every install; when its packages match the
# lockfile, the tree is current even without our stamp (e.g. installed by hand with `npm ci`).
tree_matches_lock() {
  [ -f node_modules/.package-lock.json ] && [ -x node_modules/.bin/code-server ] && node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
    const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages;
    const key = (p) => JSON.stringify([p.version, p.resolved, p.integrity]);
    const names = Object.keys(want).filter((n) => n !== "" && !want[n].optional);
    process.exit(names.every((n) => have[n] && key(have[n]) === key(want[n])) ? 0 : 1);
  ' 2>/dev/null
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ] && [ -d node_modules/code-server/lib/vscode/node_modules ]; then
  : # installed from this lockfile
elif tree_matches_lock && [ -d node_modules/code-server/lib/vscode/node_modules ]; then
  echo "$lock_hash" >"$stamp"
else
  log "npm ci (node_modules missing or installed from another package-lock.json)"
  # Headers of the running Node (e.g. /usr/include/node/node.h from Debian or NodeSource packages):
  # node-gyp would otherwise download them, which offline machines cannot.
  node_prefix="$(dirname "$(dirname "$(node -p 'process.execPath')")")"
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
  fi
  # code-server's postinstall stops as root unless npm_config_unsafe_perm=true is in its environment.
  # npm would warn about that name in its own configuration, so it is set by the shell npm runs
  # install scripts with, for this install only.
  script_shell="$(mktemp "${TMPDIR:-/tmp}/fanout-npm-shell-XXXXXX")"
  trap 'rm -f "$script_shell"' EXIT
  printf '#!/bin/sh\nnpm_config_unsafe_perm=true\nexport npm_config_unsafe_perm\nexec /bin/sh "$@"\n' >"$script_shell"
  chmod +x "$script_shell"
  npm ci --no-audit --no-fund --script-shell "$script_shell"
  echo "$lock_hash" >"$stamp"
fi
log "ok"
