/**
 * The `ui-reduce` scenario: a 32-agent run of 100,000 events goes through the host's event
 * batcher (a virtual clock driven by the events' own timestamps), and the view reduces every
 * delivered batch. Reports the reduce time, the host->webview messages per second of run time,
 * and the size of the webview bundle as it ships (a production build, made here first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { initialRunState, reduceRunEvent, reduceRunEvents } from '../src/core/run/runState';
import { batchByTime } from '../test/support/batchByTime';
import { syntheticRun } from '../test/support/syntheticRun';
import type { ScenarioEntry } from './report';

const AGENTS = 32;
const EVENTS = 100_000;
/** Ten minutes: about 170 events per second, a busy 32-agent run. */
const RUN_MS = 600_000;
const INTERVAL_MS = 250;

export function runUiReduceScenario(): ScenarioEntry {
  const events = syntheticRun({ agents: AGENTS, events: EVENTS, durationMs: RUN_MS, seed: 11 });
  // Warm up the reducer so the measured pass is not paying for compilation.
  reduceRunEvents(events.slice(0, 5000));
  const t0 = performance.now();
  const delivered = batchByTime(events, INTERVAL_MS);
  const t1 = performance.now();
  let state = initialRunState(events[0]?.runId ?? '');
  for (const batch of delivered) for (const e of batch) state = reduceRunEvent(state, e);
  const t2 = performance.now();
  const raw = reduceRunEvents(events);
  const t3 = performance.now();
  const same = JSON.stringify(raw) === JSON.stringify(state);
  // The size that ships: build dist/ the way `npm run package` does before measuring it.
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: resolve(__dirname, '..'), stdio: 'inherit' });
  const bundle = resolve(__dirname, '../dist/webview/main.js');
  const css = resolve(__dirname, '../dist/webview/main.css');
  const runSeconds = RUN_MS / 1000;
  return {
    name: 'ui-reduce',
    agents: AGENTS,
    events: events.length,
    runSeconds,
    messages: delivered.length,
    messagesPerSecond: Number((delivered.length / runSeconds).toFixed(2)),
    eventsDelivered: delivered.reduce((n, b) => n + b.length, 0),
    batchMs: Number((t1 - t0).toFixed(1)),
    reduceMs: Number((t2 - t1).toFixed(1)),
    reduceRawMs: Number((t3 - t2).toFixed(1)),
    stateEqualsRaw: same,
    webviewBundleKb: existsSync(bundle) ? Number((statSync(bundle).size / 1024).toFixed(1)) : null,
    webviewCssKb: existsSync(css) ? Number((statSync(css).size / 1024).toFixed(1)) : null,
    targets: {
      reduceMsUnder500: t2 - t1 < 500 ? 'pass' : 'FAIL',
      messagesPerSecondUnder20: delivered.length / runSeconds < 20 ? 'pass' : 'FAIL',
      stateEqualsRaw: same ? 'pass' : 'FAIL',
    },
  };
}
