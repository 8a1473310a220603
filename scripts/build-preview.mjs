// Builds Fanout's preview page (the run view from a fixture, under VS Code's theme variables) into
// out/preview/: preview.js, preview.css and one HTML page per theme and view:
//   run-light.html  run-dark.html  run-hc.html      the run view, mid-run
//   cards-light.html cards-dark.html cards-hc.html  every agent-card state
// With --screenshots, also renders each page with headless Chromium into
// test-results/screenshots/preview-<view>-<theme>.png, 380px wide like a sidebar and tall enough for
// the whole page (CHROMIUM overrides /usr/bin/chromium; WIDTH and HEIGHT override the size).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'out', 'preview');

const themes = [
  { id: 'light', body: 'vscode-light', kind: 'vscode-light' },
  { id: 'dark', body: 'vscode-dark', kind: 'vscode-dark' },
  { id: 'hc', body: 'vscode-high-contrast', kind: 'vscode-high-contrast' },
];
/** Each view with the height that shows all of it at 380px. */
const views = { run: 2600, cards: 1600 };

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { preview: 'webview/preview/preview.tsx' },
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
for (const [view, height] of Object.entries(views)) {
  for (const theme of themes) {
    const file = join(outdir, `${view}-${theme.id}.html`);
    writeFileSync(
      file,
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fanout preview · ${view} · ${theme.id}</title>
<link rel="stylesheet" href="preview.css">
</head>
<body class="${theme.body} preview" data-vscode-theme-kind="${theme.kind}">
<div id="root" data-view="${view}"></div>
<script defer src="preview.js"></script>
</body>
</html>
`,
    );
    pages.push({ file, height, name: `preview-${view}-${theme.id}.png` });
  }
}
console.log(`preview: ${pages.length} pages in ${outdir}`);

if (process.argv.includes('--screenshots')) {
  const shots = join(root, 'test-results', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  for (const page of pages) {
    const size = `${process.env.WIDTH ?? 380},${process.env.HEIGHT ?? page.height}`;
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
