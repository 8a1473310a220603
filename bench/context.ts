/**
 * `context-7`: how much of every agent's request is the shared, cached prefix, and what the run
 * bills with prompt caching against a naive run that sends everyone the full context uncached.
 *
 *   node --import tsx bench/context.ts      (prints the numbers and registers them in bench/results.json)
 *
 * The REAL engine runs the 7-task plan for the todo-app fixture (test/fixtures/repos) against the
 * in-process fake Messages API, with the project instructions (CLAUDE.md) and the repo map as the
 * run's shared context. Every writing agent reads one file, writes the file it owns and finishes; the
 * reviewer reads one file and finishes. The numbers come from the fake's request log through
 * `measureContextShare` (src/core/planning/contextShare.ts, which states the counting rules:
 * tokens = bytes / 4; the first request carrying a prefix writes it at 1.25x, later ones read it at
 * 0.1x; the rest at 1x; the naive run adds every owned file's content to every request, all at 1x).
 */
import { createModelClient } from '../src/core/model/modelClient';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../src/core/defaults';
import { startRun } from '../src/core/run/engine';
import type { Plan, TaskSpec } from '../src/core/plan/plan';
import { measureContextShare, sharedContextText, type ContextShareReport, type RunRequest } from '../src/core/planning/contextShare';
import { readProjectInstructions } from '../src/core/planning/instructions';
import { buildRepoMap } from '../src/core/planning/repoMap';
import { reply, startFakeMessagesApi, toolUse, type Route } from '../test/fake/messagesServer';
import { TODO_APP_PLAN } from '../test/fixtures/repos/todoAppPlan';
import { appendScenarioResults, type ScenarioEntry } from './report';
import { requireValidPlan } from '../src/core/plan/planCheck';
import { round } from './stats';

export const CONTEXT_FIXTURE = resolve(__dirname, '../test/fixtures/repos/todo-app');
/** Billed-equivalent input tokens with caching must be at most this share of the naive run's. */
export const CONTEXT_TARGET_RATIO = 0.4;

export interface ContextScenarioResult extends ScenarioEntry {
  readonly name: 'context-7';
  readonly billedRatio: number;
  readonly target: number;
  readonly pass: boolean;
  readonly outcome: string;
  readonly agents: number;
  readonly requests: number;
  readonly billedTokens: number;
  readonly naiveTokens: number;
  /** The same requests at 1x without caching (and without the owned files a naive run adds). */
  readonly uncachedTokens: number;
  readonly cachedRatio: number;
  readonly meanFirstShare: number;
  readonly minFirstShare: number;
  readonly systemBlockIdentical: boolean;
  readonly prefixGroups: readonly { readonly taskIds: readonly string[]; readonly prefixBytes: number }[];
  readonly firstRequests: readonly { readonly taskId: string; readonly prefixBytes: number; readonly bytes: number; readonly share: number }[];
  readonly sharedContextBytes: number;
  /** Every agent's cached system block carries the project instructions and the repo map. */
  readonly contextInPrefix: boolean;
  readonly naiveExtraBytes: number;
  readonly counting: string;
}

/** The file an agent reads first: its first owned file when it exists, else its first `reads` entry. */
function readTarget(task: TaskSpec, existing: ReadonlySet<string>): string {
  return [...task.owns, ...task.reads].find((p) => existing.has(p)) ?? 'CLAUDE.md';
}

/** What a writing agent writes: the file's current content plus the change, or a new file. */
function writeContent(task: TaskSpec, path: string, current: string | undefined): string {
  const change = [
    '',
    `// ${task.title}: ${task.role.toLowerCase()} changes for due dates.`,
    `export function ${task.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}DueDateSupport(today: string, dueDate?: string): boolean {`,
    '  return dueDate !== undefined && /^\\d{4}-\\d{2}-\\d{2}$/.test(dueDate) && dueDate < today;',
    '}',
    '',
  ].join('\n');
  return current === undefined ? `/** ${path}: ${task.title}. */\nimport type { Todo } from './todo.js';\n${change}` : `${current}${change}`;
}

async function scriptFor(task: TaskSpec, root: string, existing: ReadonlySet<string>): Promise<Route> {
  const read = readTarget(task, existing);
  const finish = reply([toolUse('finish', { summary: `${task.title}: done.` })]);
  if (task.phase === 'validate') {
    return { name: task.id, match: `Task id: ${task.id}\n`, turns: [reply([toolUse('read_file', { path: read })]), finish] };
  }
  const owned = task.owns[0] as string;
  const current = existing.has(owned) ? await readFile(join(root, owned), 'utf8') : undefined;
  return {
    name: task.id,
    match: `Task id: ${task.id}\n`,
    turns: [
      reply([toolUse('read_file', { path: read })]),
      reply([toolUse('write_file', { path: owned, content: writeContent(task, owned, current) })]),
      finish,
    ],
  };
}

/** Bytes of every owned file's current content (files a task creates count 0). */
async function ownedContentBytes(plan: Plan, root: string, existing: ReadonlySet<string>): Promise<number> {
  let total = 0;
  for (const path of new Set(plan.tasks.flatMap((t) => t.owns))) {
    if (existing.has(path)) total += Buffer.byteLength(await readFile(join(root, path), 'utf8'), 'utf8');
  }
  return total;
}

async function existingFiles(root: string, plan: Plan): Promise<Set<string>> {
  const out = new Set<string>();
  for (const path of new Set([...plan.tasks.flatMap((t) => [...t.owns, ...t.reads]), 'CLAUDE.md'])) {
    try {
      await readFile(join(root, path));
      out.add(path);
    } catch {
      // not there yet: a task creates it
    }
  }
  return out;
}

export async function runContextScenario(plan: Plan = TODO_APP_PLAN): Promise<ContextScenarioResult> {
  const root = await mkdtemp(join(tmpdir(), 'fanout-context-ws-'));
  const runDir = await mkdtemp(join(tmpdir(), 'fanout-context-run-'));
  await cp(CONTEXT_FIXTURE, root, { recursive: true });
  const existing = await existingFiles(root, plan);
  const routes = await Promise.all(plan.tasks.map((t) => scriptFor(t, root, existing)));
  const api = await startFakeMessagesApi({ routes });
  try {
    const [instructions, repoMap] = await Promise.all([readProjectInstructions(root), buildRepoMap(root, { request: plan.request })]);
    const sharedContext = sharedContextText(instructions, repoMap);
    const handle = startRun({
      plan: requireValidPlan(plan, root),
      workspaceRoot: root,
      client: createModelClient({ apiKey: 'bench', baseURL: api.baseURL, maxRetries: 0 }),
      models: { agent: 'claude-sonnet-5-5', validator: 'claude-sonnet-5-5' },
      maxConcurrency: 8,
      budgets: DEFAULT_BUDGETS,
      prices: {},
      retry: DEFAULT_RETRY,
      sharedContext,
      runDir,
    });
    const state = await handle.done;
    const requests: RunRequest[] = api.requests
      .filter((r) => r.path === '/v1/messages' && r.route !== null && r.body !== null)
      .map((r) => ({ taskId: r.route as string, body: r.body as Readonly<Record<string, unknown>>, bodyBytes: r.bodyBytes }));
    const naiveExtraBytes = await ownedContentBytes(plan, root, existing);
    const report = measureContextShare(requests, { naiveExtraBytes });
    const contextInPrefix = requests.every((r) => JSON.stringify(r.body.system).includes(JSON.stringify(sharedContext.trim()).slice(1, -1)));
    return toResult(report, state.status, Buffer.byteLength(sharedContext, 'utf8'), contextInPrefix, naiveExtraBytes);
  } finally {
    await api.close();
    await Promise.all([rm(root, { recursive: true, force: true }), rm(runDir, { recursive: true, force: true })]);
  }
}

/** Ratios and shares as reported: 4 decimals. */
const ratio4 = (n: number): number => round(n, 4);

function toResult(
  report: ContextShareReport,
  outcome: string,
  sharedContextBytes: number,
  contextInPrefix: boolean,
  naiveExtraBytes: number,
): ContextScenarioResult {
  return {
    name: 'context-7',
    billedRatio: ratio4(report.billedRatio),
    target: CONTEXT_TARGET_RATIO,
    pass: outcome === 'done' && contextInPrefix && report.billedRatio <= CONTEXT_TARGET_RATIO,
    outcome,
    agents: report.agents,
    requests: report.requests,
    billedTokens: report.billedTokens,
    naiveTokens: report.naiveTokens,
    uncachedTokens: report.uncachedTokens,
    cachedRatio: ratio4(report.cachedRatio),
    meanFirstShare: ratio4(report.meanFirstShare),
    minFirstShare: ratio4(report.minFirstShare),
    systemBlockIdentical: report.systemBlockIdentical,
    prefixGroups: report.prefixGroups,
    firstRequests: report.firstRequests.map(({ taskId, prefixBytes, bytes, share }) => ({ taskId, prefixBytes, bytes, share: ratio4(share) })),
    sharedContextBytes,
    contextInPrefix,
    naiveExtraBytes,
    counting:
      'tokens = bytes/4; prefix = tools + cached system block; first request with a prefix writes it (1.25x), later ones read it (0.1x); rest 1x; naive = every request + all owned files, 1x',
  };
}

if (require.main === module) {
  runContextScenario().then(
    (result) => {
      appendScenarioResults([result]);
      const groups = result.prefixGroups.map((g) => `${g.prefixBytes} B shared by ${g.taskIds.join(', ')}`).join('; ');
      console.log(
        [
          `context-7 (${result.outcome}): ${result.agents} agents, ${result.requests} requests`,
          `  first request: prefix share mean ${(result.meanFirstShare * 100).toFixed(1)}%, min ${(result.minFirstShare * 100).toFixed(1)}%; system block identical: ${result.systemBlockIdentical}`,
          `  prefixes: ${groups}`,
          `  billed-equivalent input tokens ${result.billedTokens} vs naive ${result.naiveTokens}: ratio ${result.billedRatio} (target <= ${result.target}) ${result.pass ? 'pass' : 'FAIL'}`,
          `  caching alone (same requests uncached, no file contents added): ${result.billedTokens} vs ${result.uncachedTokens} = ${result.cachedRatio}`,
        ].join('\n'),
      );
      process.exit(result.pass ? 0 : 1);
    },
    (error: unknown) => {
      console.error(`context bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
