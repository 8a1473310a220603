/**
 * Live smoke test against the real Messages API (`npm run test:live`; not part of `npm test`).
 *
 * Without ANTHROPIC_API_KEY it prints one line and exits 0. With a key it creates a two-file
 * TypeScript project in a temp folder and goes through the headless entry's own code: the settings
 * of `run "REQUEST"` with the default models, routing and planning (`propose`), then a run of the
 * plan (`startRun` with the CLI's run options), under a $0.10 run cap and a per-agent cap. It prints
 * the route, the plan's tasks, each agent's outcome and the cost, and exits 1 when a step fails.
 * Planning calls are not counted against the run cap (a few cents with the default models).
 * FANOUT_LIVE_KEEP=1 keeps the temp folder (the run log and the patches) for a look afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliArgs, type CliArgs } from '../src/cli/args';
import { apiClient, CliError, runSettings, type RunSettings } from '../src/cli/common';
import { propose } from '../src/cli/planCommand';
import { formatProposal } from '../src/cli/planOutput';
import { progressLine } from '../src/cli/progress';
import { headlessRunOptions } from '../src/cli/runOptions';
import { newRunId, startRun } from '../src/core/run/engine';
import { computeMetrics } from '../src/core/run/metrics';
import { hasErrors } from '../src/core/plan/planValidation';
import type { RunState } from '../src/core/run/runState';
import { asValidated } from '../src/core/plan/planCheck';

const RUN_CAP_USD = 0.1;
const AGENT_CAP_USD = 0.06;
const AGENT_TURNS = 16;
const RUN_WALL_MS = 5 * 60_000;

const FILES: Readonly<Record<string, string>> = {
  'src/math.ts': ['/** Arithmetic helpers. */', 'export function add(a: number, b: number): number {', '  return a + b;', '}', ''].join('\n'),
  'src/format.ts': [
    "import { add } from './math';",
    '',
    '/** "2 + 3 = 5" */',
    'export function formatSum(a: number, b: number): string {',
    '  return `${a} + ${b} = ${add(a, b)}`;',
    '}',
    '',
  ].join('\n'),
};

const REQUEST =
  'Add subtraction. In src/math.ts add `export function subtract(a: number, b: number): number` next to `add`. ' +
  'In src/format.ts add `export function formatDifference(a: number, b: number): string` that returns "5 - 3 = 2" for (5, 3), ' +
  'using `subtract` from ./math. Plan exactly two implement tasks: one owning src/math.ts, one owning src/format.ts that ' +
  'depends on it; no contract or validate tasks.';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function usd(n: number | null): string {
  return n === null ? 'n/a' : `$${n.toFixed(4)}`;
}

function writeFixture(root: string): void {
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ name: 'fanout-live-fixture', private: true, type: 'module' }, null, 2)}\n`);
}

/** The CLI's settings for `run "REQUEST"`, with the smoke test's caps per agent as well as per run. */
function smokeSettings(args: CliArgs): RunSettings {
  const base = runSettings(args);
  const budgets = {
    ...base.budgets,
    maxCostUsdPerRun: RUN_CAP_USD,
    maxCostUsdPerAgent: AGENT_CAP_USD,
    maxTurnsPerAgent: AGENT_TURNS,
    maxWallMsPerRun: RUN_WALL_MS,
  };
  return { ...base, budgets, lintOptions: { ...base.lintOptions, budgets } };
}

/** What went wrong with the run, one line each; empty when it did what was asked. */
function problemsOf(state: RunState, costComplete: boolean): string[] {
  const problems: string[] = [];
  if (state.status !== 'done') problems.push(`the run ended ${state.status}${state.message ? `: ${state.message}` : ''}`);
  for (const id of state.agentOrder) {
    const agent = state.agents[id];
    if (agent !== undefined && agent.status !== 'done')
      problems.push(`agent ${id} ended ${agent.status}${agent.reason ? ` (${agent.reason})` : ''}${agent.message ? `: ${agent.message}` : ''}`);
  }
  for (const path of Object.keys(FILES)) if (state.files[path] === undefined) problems.push(`nothing was staged for ${path}`);
  if (!costComplete) problems.push('some turns had no price (the built-in prices should cover the default models)');
  return problems;
}

async function smoke(root: string): Promise<number> {
  const workspace = join(root, 'ws');
  writeFixture(workspace);
  const args = parseCliArgs(['run', REQUEST, '--workspace', workspace, '--yes']);
  const settings = smokeSettings(args);
  const client = apiClient();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  say(`models: router ${settings.models.router}, planner ${settings.models.planner}, agents ${settings.models.agent}, validators ${settings.models.validator}`);
  say(`caps: $${RUN_CAP_USD.toFixed(2)} per run, $${AGENT_CAP_USD.toFixed(2)} and ${AGENT_TURNS} turns per agent`);

  const routed = await propose(args, settings, client, controller.signal);
  say(`route: ${routed.route.route} — ${routed.route.rationale}`);
  // A request this small may be routed to one agent; the planner is then asked directly, as `--route complex` does.
  const proposal = routed.route.route === 'complex' ? routed : await propose({ ...args, route: 'complex' }, settings, client, controller.signal);
  say(formatProposal(proposal, RUN_CAP_USD));
  if (hasErrors(proposal.findings)) {
    say('FAILED: the plan has errors');
    return 1;
  }
  if (proposal.plan.tasks.length !== 2) say(`note: the planner made ${proposal.plan.tasks.length} tasks, not 2; running them under the same caps`);

  const runId = newRunId();
  const runDir = join(root, 'run');
  mkdirSync(runDir, { recursive: true });
  let startedAt = 0;
  const handle = startRun(
    headlessRunOptions(settings, {
      plan: asValidated(proposal.plan),
      sharedContext: proposal.sharedContext,
      client,
      runId,
      runDir,
      signal: controller.signal,
      checks: {},
      onEvent: (event) => {
        if (event.kind === 'run.started') startedAt = event.at;
        const line = progressLine(event, startedAt);
        if (line) say(line);
      },
    }),
  );
  const state = await handle.done;
  const metrics = computeMetrics(state);
  say('');
  say(
    `run ${runId}: ${state.status} in ${(metrics.wallMs / 1000).toFixed(1)}s, cost ${usd(metrics.costUsd)}${metrics.costComplete ? '' : ' (partial)'} of a $${RUN_CAP_USD.toFixed(2)} cap`,
  );
  for (const id of state.agentOrder) {
    const a = state.agents[id];
    if (a === undefined) continue;
    const tokens = a.usage.input + a.usage.cacheRead + a.usage.cacheWrite + a.usage.output;
    say(
      `  ${id}: ${a.status}${a.reason && a.reason !== 'finished' ? ` (${a.reason})` : ''} on ${a.model ?? '?'}, ${a.turns} turns, ${tokens} tokens, ${a.costKnown ? usd(a.costUsd) : 'n/a'}`,
    );
  }
  say(`  staged: ${Object.keys(state.files).sort().join(', ') || 'nothing'}`);
  const problems = problemsOf(state, metrics.costComplete);
  if (problems.length > 0) {
    say(`FAILED: ${problems.join('; ')}`);
    return 1;
  }
  say('ok');
  return 0;
}

async function main(): Promise<number> {
  if (!process.env.ANTHROPIC_API_KEY?.trim()) {
    say('skipped: no ANTHROPIC_API_KEY');
    return 0;
  }
  const root = mkdtempSync(join(tmpdir(), 'fanout-live-'));
  try {
    return await smoke(root);
  } catch (error) {
    const message = error instanceof CliError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    say(`FAILED: ${message}`);
    return 1;
  } finally {
    if (process.env.FANOUT_LIVE_KEEP === '1') say(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
