#!/usr/bin/env bash
# `npm test`: builds Fanout and runs every check and test tier, each one counted even when an
# earlier one failed. The last line of output is exactly "N passed, N failed".
#
#   checks  typecheck (`npm run typecheck`) and lint (`npm run lint`): each counts as ONE test,
#           1 passed or 1 failed, so a type or lint error fails `npm test` like a failing test.
#   build   `node esbuild.mjs --tests`: counted as one failure only when it fails.
#   tier 1  unit tests in Node:           mocha --config test/unit/.mocharc.json
#   tier 2  in-host tests in code-server: test/host/runInCodeServer.ts (out/test/host/index.js)
#   tier 3  end-to-end UI in code-server: mocha --config test/e2e/.mocharc.json
#   tier 4  the packaged .vsix installed into code-server and driven as a new user would
#           ("Fanout: Try the Demo" to staged changes): scripts/test-vsix.sh --ui-only. It packages
#           a production build into dist/, so it runs last.
#
# A mocha tier counts its "N passing" / "N failing" lines; a tier that exits non-zero without
# reporting a failing test (a crash, a timeout) adds one failure. When the build fails, tiers 2
# and 3 (which load the bundles) are not run and count one failure each; the others still run.
# Logs: test-results/logs/. Screenshots: test-results/screenshots/.
# FANOUT_SKIP_PREREQS=1 skips scripts/ensure-prereqs.sh (.ci/run has just run it).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

LOGS=test-results/logs
mkdir -p "$LOGS"
BIN=node_modules/.bin
total_passed=0
total_failed=0
report=()

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
strip_ansi() { sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1"; }

# count_mocha LOG -> "passed failed" from mocha's spec summary (the last one in the log).
count_mocha() {
  local p f
  p="$(strip_ansi "$1" | grep -E '^ *[0-9]+ passing' | tail -1 | grep -oE '[0-9]+' | head -1)"
  f="$(strip_ansi "$1" | grep -E '^ *[0-9]+ failing' | tail -1 | grep -oE '[0-9]+' | head -1)"
  echo "${p:-0} ${f:-0}"
}

# run_step NAME KIND TIMEOUT_S COMMAND...   KIND is "check" (pass/fail = 1 test) or "mocha".
run_step() {
  local name="$1" kind="$2" limit="$3"
  shift 3
  local log="$LOGS/$name.log" start rc p f
  printf '\n=== %s: %s\n' "$name" "$*"
  start="$(now)"
  timeout --kill-after=15 "$limit" "$@" 2>&1 | tee "$log"
  rc="${PIPESTATUS[0]}"
  [ "$rc" = 124 ] && echo "FAIL: $name did not finish within ${limit} s" | tee -a "$log"
  if [ "$kind" = check ]; then
    if [ "$rc" = 0 ]; then p=1 f=0; else p=0 f=1; fi
  else
    read -r p f < <(count_mocha "$log")
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    if [ "$rc" = 0 ] && [ "$p" = 0 ] && [ "$f" = 0 ]; then
      echo "FAIL: $name ran no tests" | tee -a "$log"
      f=1
    fi
  fi
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
  report+=("$(printf '%-10s %4s passed %4s failed %7ss  (exit %s)' "$name" "$p" "$f" "$(elapsed "$start")" "$rc")")
  return 0
}

suite_start="$(now)"

if [ "${FANOUT_SKIP_PREREQS:-}" != 1 ]; then
  if ! bash scripts/ensure-prereqs.sh; then
    echo "Prerequisites are missing (see above); nothing was run."
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

printf '\n=== build: node esbuild.mjs --tests\n'
build_start="$(now)"
built=1
if node esbuild.mjs --tests 2>&1 | tee "$LOGS/build.log"; then
  report+=("$(printf '%-10s %-23s %7ss' build ok "$(elapsed "$build_start")")")
else
  built=0
  total_failed=$((total_failed + 1))
  report+=("$(printf '%-10s %-23s %7ss' build FAILED "$(elapsed "$build_start")")")
fi

# skip_step NAME: a tier that needs the bundles cannot run after a failed build; one failure.
skip_step() {
  echo "FAIL: $1 not run: the build failed" | tee "$LOGS/$1.log"
  total_failed=$((total_failed + 1))
  report+=("$(printf '%-10s %4s passed %4s failed %8s  (not run: build failed)' "$1" 0 1 -)")
}

run_step typecheck check 300 npm run --silent typecheck
run_step lint check 300 npm run --silent lint
run_step unit mocha 300 "$BIN/mocha" --config test/unit/.mocharc.json --reporter spec
rm -rf test-results/screenshots
if [ "$built" = 1 ]; then
  run_step host mocha 300 "$BIN/tsx" test/host/runInCodeServer.ts --timeout 180
  run_step e2e mocha 600 "$BIN/mocha" --config test/e2e/.mocharc.json --reporter spec
  run_step vsix mocha 300 bash scripts/test-vsix.sh --ui-only
else
  skip_step host
  skip_step e2e
  skip_step vsix
fi

printf '\n=== summary (%ss in all; logs in %s)\n' "$(elapsed "$suite_start")" "$LOGS"
printf '%s\n' "${report[@]}"
activation="$(grep -oE '^activationMs=[0-9.]+' "$LOGS/host.log" 2>/dev/null | tail -1)"
[ -n "$activation" ] && echo "in-host $activation"
[ -d test-results/screenshots ] && echo "screenshots: $PWD/test-results/screenshots"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
