// Builds Fanout's stage preview (the whole sidebar at each stage of the flow, from fixtures, under
// VS Code's theme variables) into out/preview-stages/: one HTML page per stage and theme.
// With --screenshots, also renders each page with headless Chromium into
// test-results/screenshots/stage-<stage>-<theme>.png (CHROMIUM overrides /usr/bin/chromium;
// WIDTH and HEIGHT override 360x1500; STAGES=review,run limits the stages).
//   node webview/preview/buildStages.mjs --screenshots
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'out', 'preview-stages');
const allStages = ['compose', 'blocked', 'planning', 'review', 'run', 'ended', 'error'];
const stages = process.env.STAGES ? process.env.STAGES.split(',').filter((s) => allStages.includes(s)) : allStages;
const themes = [
  { id: 'light', body: 'vscode-light', kind: 'vscode-light' },
  { id: 'dark', body: 'vscode-dark', kind: 'vscode-dark' },
  { id: 'hc', body: 'vscode-dark vscode-high-contrast', kind: 'vscode-high-contrast' },
];

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { preview: 'webview/preview/previewStages.tsx' },
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
for (const stage of stages) {
  for (const theme of themes) {
    const file = join(outdir, `${stage}-${theme.id}.html`);
    writeFileSync(
      file,
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fanout stage preview · ${stage} · ${theme.id}</title>
<link rel="stylesheet" href="preview.css">
</head>
<body class="${theme.body} preview" data-vscode-theme-kind="${theme.kind}">
<div id="root" data-stage="${stage}"></div>
<script defer src="preview.js"></script>
</body>
</html>
`,
    );
    pages.push({ file, name: `stage-${stage}-${theme.id}.png` });
  }
}
console.log(`stage preview: ${pages.length} pages in ${outdir}`);

if (process.argv.includes('--screenshots')) {
  const shots = join(root, 'test-results', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const size = `${process.env.WIDTH ?? 360},${process.env.HEIGHT ?? 1500}`;
  for (const page of pages) {
    const target = join(shots, page.name);
    execFileSync(
      chromium,
      ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-prefers-reduced-motion', '--virtual-time-budget=2000', `--window-size=${size}`, `--screenshot=${target}`, pathToFileURL(page.file).href],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    console.log(`screenshot: ${target}`);
  }
}
