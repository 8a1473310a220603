#!/usr/bin/env bash
# `npm start`: builds Fanout and serves it in a local VS Code (code-server) on the demo workspace.
# Prints the URL to open; Ctrl+C stops the server and removes its temp dir. PORT picks the port
# (default 8480; a free one when it is taken). Running it again while one is up reuses that one.
# FANOUT_SKIP_PREREQS=1 skips scripts/ensure-prereqs.sh.
#
# The launcher replaces this shell (exec), so a signal sent to this process (by npm, which passes
# SIGINT and SIGTERM on to its script) reaches the launcher itself. It runs in node directly (not
# through the tsx command, which stands between as one more process passing signals on, and kills
# its child when that does not answer within 30 ms). FANOUT_START_PARENT_PID tells it which process
# started it, so it stops when that process ends, even if that happened before it was running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "${FANOUT_SKIP_PREREQS:-}" != 1 ]; then
  bash scripts/ensure-prereqs.sh
fi
node esbuild.mjs
export FANOUT_START_PARENT_PID="$PPID"
exec node --import tsx scripts/start.ts "$@"
