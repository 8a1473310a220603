/**
 * The `ui-render` scenario: the live run view with 32 agents streaming, in headless Chromium.
 * bench/uiRenderPage.tsx is bundled with esbuild (production React, the run view's CSS and the
 * preview theme variables) into a temp folder and loaded from file:// at a 400 px wide viewport.
 * The 32-agent run (20,000 events over two minutes) is batched like the host does (250 ms) and
 * passed into the page, which folds each batch and re-renders RunView with flushSync, timing the
 * synchronous render + commit plus a forced layout read. Reports p50/p95/max per batch against one
 * frame at 60 Hz (16 ms), and the DOM element count at the end.
 */
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { batchByTime } from '../test/support/batchByTime';
import { syntheticRun } from '../test/support/syntheticRun';
import { launchBrowser } from '../test/workbench/browser';
import type { ScenarioEntry } from './report';
import { percentile, round } from './stats';

/** What `window.fanoutUiRender` returns (bench/uiRenderPage.tsx; kept apart so the root tsconfig needs no DOM/JSX). */
interface UiRenderPageResult {
  readonly renderMs: number[];
  readonly reduceMs: number[];
  readonly domNodes: number;
  readonly bodyHeight: number;
}

const AGENTS = 32;
const EVENTS = 20_000;
const RUN_MS = 120_000;
const INTERVAL_MS = 250;
const WIDTH = 400;
const HEIGHT = 900;
const FRAME_MS = 16;

/** Milliseconds as reported: 2 decimals. */
const ms2 = (ms: number): number => round(ms, 2);

async function bundlePage(dir: string): Promise<string> {
  const root = resolve(__dirname, '..');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { page: 'bench/uiRenderPage.tsx' },
    outdir: dir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const html = join(dir, 'index.html');
  writeFileSync(
    html,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fanout ui-render</title><link rel="stylesheet" href="page.css"></head>
<body class="vscode-dark" data-vscode-theme-kind="vscode-dark"><div id="root"></div><script src="page.js"></script></body></html>
`,
  );
  return pathToFileURL(html).href;
}

export async function runUiRenderScenario(): Promise<ScenarioEntry> {
  const events = syntheticRun({ agents: AGENTS, events: EVENTS, durationMs: RUN_MS, seed: 11 });
  const batches = batchByTime(events, INTERVAL_MS);
  const dir = mkdtempSync(join(tmpdir(), 'fanout-ui-render-'));
  const browser = await launchBrowser();
  try {
    const url = await bundlePage(dir);
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
    // Loopback only: anything but file:// is refused.
    await context.route(/^(?!file:)/, (route) => route.abort());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url);
    await page.waitForFunction(() => 'fanoutUiRender' in window);
    const result = await page.evaluate(
      (input) => (window as unknown as { fanoutUiRender: (b: typeof input) => UiRenderPageResult }).fanoutUiRender(input),
      batches,
    );
    if (errors.length > 0) throw new Error(`ui-render page errors: ${errors.join('; ')}`);
    const sorted = [...result.renderMs].sort((a, b) => a - b);
    const updates = [...result.renderMs.slice(1)].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    return {
      name: 'ui-render',
      agents: AGENTS,
      events: events.length,
      batches: batches.length,
      viewportWidth: WIDTH,
      p50Ms: ms2(percentile(sorted, 50)),
      p95Ms: ms2(p95),
      maxMs: ms2(sorted[sorted.length - 1] ?? 0),
      mountMs: ms2(result.renderMs[0] ?? 0),
      updateMaxMs: ms2(updates[updates.length - 1] ?? 0),
      overFrameBatches: result.renderMs.filter((ms) => ms >= FRAME_MS).length,
      reduceP95Ms: ms2(
        percentile(
          [...result.reduceMs].sort((a, b) => a - b),
          95,
        ),
      ),
      domNodes: result.domNodes,
      bodyHeightPx: result.bodyHeight,
      targets: { p95Under16ms: p95 < FRAME_MS ? 'pass' : 'FAIL' },
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
