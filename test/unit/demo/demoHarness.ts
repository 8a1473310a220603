/**
 * Runs Fanout's demo end to end the way the extension does: the demo server, the real SDK, the real
 * planner (`proposePlan`) and engine (`startRun`) on a temp copy of samples/demo-workspace.
 */
import Anthropic from '@anthropic-ai/sdk';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_MODELS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { startRun } from '../../../src/core/run/engine';
import type { StagingReader } from '../../../src/core/workspace/stagingTypes';
import type { RunEvent } from '../../../src/core/run/events';
import { proposePlan, type ProposedRun } from '../../../src/core/planning/propose';
import type { LintOptions } from '../../../src/core/planning/types';
import type { RunState } from '../../../src/core/run/runState';
import { DEMO_API_KEY, DEMO_REQUEST, startDemoServer } from '../../../src/demo/demoServer';
import { asValidated } from '../../../src/core/plan/planCheck';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const SAMPLE = join(REPO_ROOT, 'samples', 'demo-workspace');

export interface DemoRun {
  readonly proposal: ProposedRun;
  readonly state: RunState;
  readonly events: readonly RunEvent[];
  readonly staging: StagingReader;
  readonly planMs: number;
  readonly runMs: number;
}

export function demoLintOptions(root: string): LintOptions {
  return {
    workspaceRoot: root,
    maxConcurrency: 8,
    budgets: DEFAULT_BUDGETS,
    prices: {},
    models: { agent: DEFAULT_MODELS.agent, validator: DEFAULT_MODELS.validator },
  };
}

/** A fresh copy of the sample workspace in a temp folder. */
export async function copySample(): Promise<{ root: string; remove(): Promise<void> }> {
  const parent = await mkdtemp(join(tmpdir(), 'fanout-demo-'));
  const root = join(parent, 'demo-workspace');
  await cp(SAMPLE, root, { recursive: true });
  return { root, remove: () => rm(parent, { recursive: true, force: true }) };
}

/** Plans and runs the demo on `root` at `timeScale` (0: as fast as possible). */
export async function runDemo(root: string, timeScale: number, request: string = DEMO_REQUEST): Promise<DemoRun> {
  const server = await startDemoServer({ timeScale });
  try {
    const client = new Anthropic({ apiKey: DEMO_API_KEY, baseURL: server.baseURL });
    const planStart = Date.now();
    const proposal = await proposePlan({
      client,
      models: { router: DEFAULT_MODELS.router, planner: DEFAULT_MODELS.planner },
      request,
      workspaceRoot: root,
      lintOptions: demoLintOptions(root),
    });
    const planMs = Date.now() - planStart;
    const events: RunEvent[] = [];
    const runStart = Date.now();
    const handle = startRun({
      plan: asValidated(proposal.plan),
      workspaceRoot: root,
      client,
      models: { agent: DEFAULT_MODELS.agent, validator: DEFAULT_MODELS.validator },
      maxConcurrency: 8,
      budgets: DEFAULT_BUDGETS,
      prices: {},
      retry: DEFAULT_RETRY,
      sharedContext: proposal.sharedContext,
      demo: true,
      onEvent: (event) => events.push(event),
    });
    const state = await handle.done;
    return { proposal, state, events, staging: handle.staging, planMs, runMs: Date.now() - runStart };
  } finally {
    await server.close();
  }
}

/** A copy of the sample with what the run staged written over it, and the repository's node_modules linked in. */
export async function materialize(staging: StagingReader): Promise<{ root: string; remove(): Promise<void> }> {
  const copy = await copySample();
  for (const entry of staging.entries()) {
    const target = join(copy.root, entry.path);
    if (entry.proposed === null) {
      await rm(target, { force: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.proposed);
  }
  await symlink(join(REPO_ROOT, 'node_modules'), join(copy.root, 'node_modules'), 'dir');
  return copy;
}

/** Runs node with `args` in `cwd`: its output, or an error that carries it. */
function run(args: readonly string[], cwd: string): string {
  try {
    return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string };
    throw new Error(`${args.join(' ')} failed:\n${out.stdout ?? ''}${out.stderr ?? ''}`);
  }
}

/** The sample's own type check (its tsconfig: strict, NodeNext) with the repository's TypeScript. */
export function typeCheck(root: string): string {
  return run([join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', root], root);
}

/**
 * The sample's tests. It targets Node >= 22.6 (`--experimental-strip-types`); on older Node the
 * TypeScript goes through tsx instead.
 */
export function runSampleTests(root: string): string {
  const files = ['test/todos.test.ts', 'test/dueDates.test.ts'];
  return run(['--import', 'tsx', '--test', ...files], root);
}
