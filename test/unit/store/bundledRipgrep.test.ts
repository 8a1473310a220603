/** The window's runs search with the ripgrep VS Code ships, found from its application root. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../../../src/core/defaults';
import type { RunOptions } from '../../../src/core/run/engineTypes';
import { requireValidPlan } from '../../../src/core/plan/planCheck';
import { RunStore } from '../../../src/core/store/runStore';
import { bundledRipgrepCandidates, findBundledRipgrep } from '../../../src/host/runs/bundledRipgrep';
import { RunsService } from '../../../src/host/runs/runsService';
import { implement, makePlan } from '../engine/harness';
import { FakeEngine } from '../flow/fakeEngine';

describe("VS Code's bundled ripgrep", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fanout-approot-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function place(rel: string): string {
    const path = join(root, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    return path;
  }

  it('is found unpacked beside the asar archive (desktop) or in node_modules (code-server, server builds)', () => {
    assert.equal(findBundledRipgrep(root, 'linux'), undefined);
    const server = place('node_modules/@vscode/ripgrep/bin/rg');
    assert.equal(findBundledRipgrep(root, 'linux'), server);
    const desktop = place('node_modules.asar.unpacked/@vscode/ripgrep/bin/rg');
    assert.equal(findBundledRipgrep(root, 'linux'), desktop);
    assert.equal(findBundledRipgrep(root, 'win32'), undefined, 'Windows looks for rg.exe');
    assert.deepEqual(
      bundledRipgrepCandidates('/app', 'win32').map((p) => p.replace(/\\/g, '/')),
      ['/app/node_modules.asar.unpacked/@vscode/ripgrep/bin/rg.exe', '/app/node_modules/@vscode/ripgrep/bin/rg.exe'],
    );
    assert.equal(findBundledRipgrep(undefined), undefined);
    assert.equal(findBundledRipgrep(''), undefined);
  });

  it('is found in the code-server the in-host tests run (its app root is lib/vscode)', () => {
    const appRoot = join(__dirname, '../../../node_modules/code-server/lib/vscode');
    assert.equal(findBundledRipgrep(appRoot, 'linux'), join(appRoot, 'node_modules/@vscode/ripgrep/bin/rg'));
  });

  it("is handed to every run the window starts, unless the run's options name one", () => {
    const rg = place('node_modules/@vscode/ripgrep/bin/rg');
    const runsDir = mkdtempSync(join(tmpdir(), 'fanout-runs-'));
    const engine = new FakeEngine();
    let ids = 0;
    const runs = new RunsService({ store: new RunStore(runsDir), workspaceRoot: root, startRun: engine.start, newRunId: () => `run-${++ids}`, appRoot: root });
    try {
      const options =
        (named?: string) =>
        (run: { runId: string; runDir: string }): RunOptions => ({
          plan: requireValidPlan(makePlan([implement('a')]), root),
          workspaceRoot: root,
          client: {} as Anthropic,
          models: { agent: 'claude-test', validator: 'claude-test' },
          maxConcurrency: 1,
          budgets: DEFAULT_BUDGETS,
          prices: {},
          retry: DEFAULT_RETRY,
          ...run,
          ...(named !== undefined ? { ripgrepPath: named } : {}),
        });
      runs.start(options());
      assert.equal(engine.last.options.ripgrepPath, rg);
      runs.start(options('/opt/rg'));
      assert.equal(engine.last.options.ripgrepPath, '/opt/rg');
      const without = new RunsService({ store: new RunStore(runsDir), workspaceRoot: root, startRun: engine.start, newRunId: () => `run-${++ids}` });
      without.start(options());
      assert.equal(engine.last.options.ripgrepPath, undefined, 'no app root: the engine looks on PATH');
      without.dispose();
    } finally {
      runs.dispose();
      rmSync(runsDir, { recursive: true, force: true });
    }
  });
});
