#!/usr/bin/env bash
# `npm start`: builds Fanout and serves it in a local VS Code (code-server) on the demo workspace.
# Prints the URL to open; Ctrl+C stops the server and removes its temp dir. PORT picks the port
# (default 8480; a free one when it is taken). Running it again while one is up reuses that one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-prereqs.sh
node esbuild.mjs
exec node_modules/.bin/tsx scripts/start.ts "$@"
