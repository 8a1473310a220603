// Builds Fanout's bundles from one script:
//   dist/extension.js  the extension (node, cjs, `vscode` external)
//   dist/cli.js        the headless entry, the `fanout` command (node, cjs, with a shebang), when src/cli.ts exists
//   dist/webview/      the sidebar (browser, esm) with its CSS
//   dist/demo-workspace/
//                      a copy of samples/demo-workspace, which "Fanout: Try the Demo" copies out of
//                      the installed extension (npm start and the tests use samples/ itself)
//   out/test/host/     the in-host test suite (node, cjs, `vscode` and mocha external), with --tests
// Flags: --watch, --production (minified, no sourcemaps), --tests.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, existsSync, lstatSync, rmSync, statSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

/** Prints build problems the way VS Code's esbuild problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: watch ? [problemMatcher] : [],
};

const configs = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { main: 'webview/main.tsx' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: ['chrome120'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  },
];

// The `fanout` command: a script run directly (package.json `bin`, ./dist/cli.js), so it starts with a
// shebang and is made executable after each build.
if (existsSync('src/cli.ts')) {
  const executable = {
    name: 'executable',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length === 0 && existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
      });
    },
  };
  configs.push({
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, executable],
  });
}

if (tests) {
  configs.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: { index: 'test/host/index.ts' },
    outdir: 'out/test/host',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

/** Replaces dist/demo-workspace with the sample as it is in samples/ (plain files only, no symlinks). */
function copyDemoWorkspace() {
  rmSync('dist/demo-workspace', { recursive: true, force: true });
  cpSync('samples/demo-workspace', 'dist/demo-workspace', { recursive: true, filter: (src) => !lstatSync(src).isSymbolicLink() });
}

copyDemoWorkspace();
const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (production) {
    for (const f of ['dist/extension.js', 'dist/webview/main.js', 'dist/webview/main.css']) {
      if (existsSync(f)) console.log(`${f}: ${(statSync(f).size / 1024).toFixed(1)} KiB`);
    }
  }
}
