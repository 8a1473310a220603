/**
 * Fanout's headless entry: lint a plan, or run it against the Messages API and write the run log
 * and one patch per task. The workspace is only read; every change stays staged in --out.
 */
import Anthropic from '@anthropic-ai/sdk';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './cli/args';
import { progressLine } from './cli/progress';
import { DEFAULT_BUDGETS, DEFAULT_MAX_CONCURRENCY, DEFAULT_MODELS, DEFAULT_RETRY } from './core/defaults';
import { newRunId, PlanValidationError, startRun } from './core/engine';
import type { PriceTable } from './core/engineTypes';
import { computeMetrics } from './core/metrics';
import { patchesByTask } from './core/patches';
import type { Plan } from './core/plan';
import { hasErrors, validatePlan } from './core/planValidation';
import { parsePlan } from './core/planSchema';
import { parsePrices } from './core/prices';

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${what} ${path} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

function loadPlan(args: CliArgs): Plan {
  const parsed = parsePlan(readJson(resolve(args.plan as string), 'plan file'));
  if (!parsed.ok) throw new CliError(`The plan file does not describe a plan:\n${parsed.error}`, 2);
  return parsed.plan;
}

function lint(args: CliArgs): number {
  const plan = loadPlan(args);
  const findings = validatePlan(plan, resolve(args.workspace as string));
  if (args.json) {
    const out = findings.map(({ severity, code, message, tasks, paths }) => ({ severity, code, message, tasks, paths }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (findings.length === 0) {
    process.stdout.write('The plan has no findings.\n');
  } else {
    for (const f of findings) process.stdout.write(`${f.severity} ${f.code}: ${f.message}\n`);
  }
  return hasErrors(findings) ? 1 : 0;
}

function loadPrices(path: string | undefined): PriceTable {
  if (!path) return {};
  const { prices, problems } = parsePrices(readJson(resolve(path), 'price table'));
  if (problems.length > 0) throw new CliError(`The price table ${path} has problems:\n  ${problems.join('\n  ')}`, 2);
  return prices;
}

async function run(args: CliArgs): Promise<number> {
  const plan = loadPlan(args);
  const apiKey = process.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) {
    throw new CliError('ANTHROPIC_API_KEY is not set. Export your Anthropic API key (and ANTHROPIC_BASE_URL for a proxy) and run again.', 2);
  }
  const prices = loadPrices(args.prices);
  const runId = newRunId();
  const outDir = resolve(args.out ?? join('.fanout-runs', runId));
  mkdirSync(outDir, { recursive: true });
  const progress = args.json ? process.stderr : process.stdout;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let startedAt = 0;
  const handle = startRun({
    plan,
    runId,
    workspaceRoot: resolve(args.workspace as string),
    client: new Anthropic({ apiKey }),
    models: { agent: args.model ?? DEFAULT_MODELS.agent, validator: args.validatorModel ?? DEFAULT_MODELS.validator },
    maxConcurrency: args.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    budgets: DEFAULT_BUDGETS,
    prices,
    retry: DEFAULT_RETRY,
    runDir: outDir,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.kind === 'run.started') startedAt = event.at;
      const line = progressLine(event, startedAt);
      if (line) progress.write(`${line}\n`);
    },
  });
  const state = await handle.done;
  const patches = patchesByTask(handle.staging.entries());
  const patchDir = join(outDir, 'patches');
  mkdirSync(patchDir, { recursive: true });
  const patchFiles: string[] = [];
  for (const [taskId, patch] of patches) {
    const file = join(patchDir, `${taskId}.patch`);
    writeFileSync(file, patch);
    patchFiles.push(file);
  }
  const metrics = computeMetrics(state);
  if (args.json) {
    const agents = state.agentOrder.map((id) => state.agents[id]);
    process.stdout.write(`${JSON.stringify({ runId, outcome: state.status, outDir, patches: patchFiles, metrics, agents, findings: state.findings, denied: state.denied }, null, 2)}\n`);
  } else {
    const cost = metrics.costUsd === null ? 'n/a' : `$${metrics.costUsd.toFixed(4)}${metrics.costComplete ? '' : '+ (some models unpriced)'}`;
    progress.write(
      `\n${state.status}: wall ${(metrics.wallMs / 1000).toFixed(1)}s, speedup ${metrics.speedup.toFixed(2)}x, ` +
        `${metrics.tokens.input + metrics.tokens.cacheRead + metrics.tokens.cacheWrite} input / ${metrics.tokens.output} output tokens, cost ${cost}\n` +
        `Run log and ${patchFiles.length} patch(es) in ${outDir}\n`,
    );
  }
  return state.status === 'done' ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return args.command === 'lint' ? lint(args) : await run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof PlanValidationError) {
      process.stderr.write('The plan has errors; nothing ran:\n');
      for (const f of error.findings) process.stderr.write(`  ${f.severity} ${f.code}: ${f.message}\n`);
      return 2;
    }
    process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
