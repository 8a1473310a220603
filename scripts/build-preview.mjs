// Builds Fanout's preview pages (the sidebar rendered from fixtures under VS Code's theme
// variables, no extension host needed) with one page per theme (light, dark, high contrast):
//   run      webview/preview/preview.tsx        -> out/preview/<view>-<theme>.html
//            (views: run, unfolded (a live eight-agent run, header unfolded, one line expanded), cards)
//   stages   webview/preview/previewStages.tsx  -> out/preview-stages/<stage>-<theme>.html
//            (compose, blocked, planning, review, run, ended, live8, refused, report, error;
//            STAGES=review,run limits them)
// Usage: node scripts/build-preview.mjs [run|stages|all] [--screenshots]
// With --screenshots, headless Chromium renders each page into test-results/screenshots/
// (preview-<view>-<theme>.png, stage-<stage>-<theme>.png). CHROMIUM overrides /usr/bin/chromium;
// WIDTH and HEIGHT override the page size.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const allStages = ['compose', 'blocked', 'planning', 'review', 'run', 'ended', 'live8', 'refused', 'report', 'error'];
const stages = process.env.STAGES ? process.env.STAGES.split(',').filter((s) => allStages.includes(s)) : allStages;

/** Each preview: its entry, output folder, the pages (name -> size) and the data attribute that selects one. */
const previews = {
  run: {
    entry: 'webview/preview/preview.tsx',
    outdir: 'out/preview',
    attribute: 'data-view',
    shot: 'preview',
    pages: [
      ['run', [380, 2600]],
      ['unfolded', [380, 2600]],
      ['cards', [380, 1600]],
    ],
    hcBody: 'vscode-high-contrast',
  },
  stages: {
    entry: 'webview/preview/previewStages.tsx',
    outdir: 'out/preview-stages',
    attribute: 'data-stage',
    shot: 'stage',
    pages: stages.map((s) => [s, [360, 1500]]),
    hcBody: 'vscode-dark vscode-high-contrast',
  },
};

const themesFor = (preview) => [
  { id: 'light', body: 'vscode-light', kind: 'vscode-light' },
  { id: 'dark', body: 'vscode-dark', kind: 'vscode-dark' },
  { id: 'hc', body: preview.hcBody, kind: 'vscode-high-contrast' },
];

async function build(preview) {
  const outdir = join(root, preview.outdir);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { preview: preview.entry },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    sourcemap: 'linked',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"development"' },
  });
  mkdirSync(outdir, { recursive: true });
  const pages = [];
  for (const [name, size] of preview.pages) {
    for (const theme of themesFor(preview)) {
      const file = join(outdir, `${name}-${theme.id}.html`);
      writeFileSync(
        file,
        `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fanout preview · ${name} · ${theme.id}</title>
<link rel="stylesheet" href="preview.css">
</head>
<body class="${theme.body} preview" data-vscode-theme-kind="${theme.kind}">
<div id="root" ${preview.attribute}="${name}"></div>
<script defer src="preview.js"></script>
</body>
</html>
`,
      );
      pages.push({ file, size, name: `${preview.shot}-${name}-${theme.id}.png` });
    }
  }
  console.log(`preview: ${pages.length} pages in ${outdir}`);
  return pages;
}

function screenshot(pages) {
  const shots = join(root, 'test-results', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  for (const page of pages) {
    const size = `${process.env.WIDTH ?? page.size[0]},${process.env.HEIGHT ?? page.size[1]}`;
    const target = join(shots, page.name);
    execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--force-prefers-reduced-motion',
        '--virtual-time-budget=2000',
        `--window-size=${size}`,
        `--screenshot=${target}`,
        pathToFileURL(page.file).href,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    console.log(`screenshot: ${target}`);
  }
}

const which = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'all';
const selected = which === 'all' ? Object.values(previews) : [previews[which]].filter(Boolean);
if (selected.length === 0) throw new Error(`Unknown preview "${which}": use run, stages or all.`);
const pages = (await Promise.all(selected.map(build))).flat();
if (process.argv.includes('--screenshots')) screenshot(pages);
