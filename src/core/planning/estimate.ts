/**
 * Cost estimate of a plan before it runs: a low-high range from the plan's size, priced per task
 * model with `costOf`. Deterministic: the same plan and options always give the same estimate.
 *
 * Assumptions (the `basis` line repeats them):
 * - Turns per agent: writing tasks 4 (low) to 12 (high) turns, plus 1 (low) / 3 (high) per owned
 *   entry after the first, where a glob or folder entry counts as 3 files; validators 3 to 8 turns.
 * - Per turn the model writes 300 / 1,200 output tokens and gets 600 / 2,500 tokens of tool results.
 * - Text is counted with the task model's tokenizer: 4 bytes a token on the older tokenizer, times the
 *   model's factor from the model table (the current models count ~30% more).
 * - The shared prefix (tool definitions, rules, the plan, project instructions, the repo map) is
 *   `sharedPrefixBytes` / `sharedPrefixTokens` (default: ~1,800 tokens for tools and rules plus the
 *   request and the plan) plus the repo map. The first agent to run writes it to the prompt cache;
 *   later agents read it. When there is no contract phase, every implement agent starts at once and
 *   writes it. The high bound also assumes the cache lapses between phases, so the first task of each
 *   phase writes it again.
 * - The engine puts a cache breakpoint at the conversation tail, so turn n re-reads turns 1..n-1 from
 *   the cache and writes only what turn n-1 added.
 * - Each turn is priced on its own, so a model priced by prompt length (Haiku 5.5) pays the tier of
 *   that turn's prompt; cache writes and reads use the model's own prices (0.05x input for cache
 *   reads on Opus and Sonnet 5.5).
 */
import type { ModelDefaults, PriceTable } from '../run/engineTypes';
import type { ModelSpec } from '../model/modelSpec';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../model/modelTable';
import { estimateTokensOfBytes } from '../model/requestShape';
import { isWritingTask, type Plan, type TaskSpec } from '../plan/plan';
import { costOf } from '../model/prices';
import { hasGlobSyntax } from '../plan/globIntersect';
import { addUsage, ZERO_USAGE, type TokenUsage } from '../model/usage';
import type { CostEstimate } from './types';

export interface EstimateOptions {
  readonly prices: PriceTable;
  readonly models: ModelDefaults;
  /** Tokenizer factors of the task models (default: the built-in table). */
  readonly modelTable?: ModelTable;
  /** Bytes of the repo map in the shared prefix, counted with each task model's tokenizer. */
  readonly repoMapBytes?: number;
  /** Bytes of the rest of the shared prefix (tools, rules, plan, project instructions), counted with each task model's tokenizer. */
  readonly sharedPrefixBytes?: number;
  /** Tokens of the repo map, already counted (used when `repoMapBytes` is absent; 0 when neither is given). */
  readonly repoMapTokens?: number;
  /** Tokens of the rest of the shared prefix, already counted (used when `sharedPrefixBytes` is absent; estimated when neither is given). */
  readonly sharedPrefixTokens?: number;
}

interface Bound {
  readonly writingTurns: number;
  readonly turnsPerExtraFile: number;
  readonly validatorTurns: number;
  readonly outputPerTurn: number;
  readonly toolResultPerTurn: number;
}

const LOW: Bound = { writingTurns: 4, turnsPerExtraFile: 1, validatorTurns: 3, outputPerTurn: 300, toolResultPerTurn: 600 };
const HIGH: Bound = { writingTurns: 12, turnsPerExtraFile: 3, validatorTurns: 8, outputPerTurn: 1_200, toolResultPerTurn: 2_500 };

/** Tool definitions and the fixed rules of the shared system block (older-tokenizer tokens). */
const FIXED_PREFIX_TOKENS = 1_800;
/** The task brief's fixed text and the opening user message (older-tokenizer tokens). */
const TASK_BRIEF_TOKENS = 250;
const GLOB_FILE_WEIGHT = 3;
/** Bytes a token on the older tokenizer: the fixed figures above are in its tokens. */
const BYTES_PER_OLD_TOKEN = 4;

const utf8 = new TextEncoder();

function bytesOf(text: string): number {
  return utf8.encode(text).length;
}

/** Tokens of `bytes` of text for `spec`, with its tokenizer factor. */
function tokensOfBytes(spec: ModelSpec, bytes: number): number {
  return estimateTokensOfBytes(spec, Math.max(0, bytes));
}

/** Bytes of the default shared prefix: the fixed part, the request and the plan's task lines. */
function defaultSharedPrefixBytes(plan: Plan): number {
  const taskLines = plan.tasks.map((t) => `- ${t.id} [${t.phase}] ${t.role}: ${t.title} owns: ${t.owns.join(', ')} after: ${t.dependsOn.join(', ')}`);
  return FIXED_PREFIX_TOKENS * BYTES_PER_OLD_TOKEN + bytesOf(plan.request) + bytesOf(taskLines.join('\n'));
}

/** The shared prefix in `spec`'s tokens. */
function prefixTokens(plan: Plan, options: EstimateOptions, spec: ModelSpec): number {
  const rest =
    options.sharedPrefixBytes !== undefined
      ? tokensOfBytes(spec, options.sharedPrefixBytes)
      : options.sharedPrefixTokens !== undefined
        ? Math.max(0, options.sharedPrefixTokens)
        : tokensOfBytes(spec, defaultSharedPrefixBytes(plan));
  const map = options.repoMapBytes !== undefined ? tokensOfBytes(spec, options.repoMapBytes) : Math.max(0, options.repoMapTokens ?? 0);
  return rest + map;
}

/** Owned entries weighted as files: a concrete path is 1, a glob or an extension-less folder is 3. */
export function ownedFileWeight(task: TaskSpec): number {
  return task.owns.reduce((sum, entry) => sum + (hasGlobSyntax(entry) || !/\.[A-Za-z0-9]+$/.test(entry.trim()) ? GLOB_FILE_WEIGHT : 1), 0);
}

function turnsFor(task: TaskSpec, bound: Bound): number {
  if (!isWritingTask(task)) return bound.validatorTurns;
  return bound.writingTurns + bound.turnsPerExtraFile * Math.max(0, ownedFileWeight(task) - 1);
}

/**
 * The usage of each turn of a task: turn 1 writes the brief (and the prefix, when it is the writer)
 * and reads the prefix otherwise; turn n > 1 reads everything before turn n-1's additions and writes
 * those. Output and tool results per turn come from the bound, scaled by the model's tokenizer.
 */
function turnUsages(task: TaskSpec, bound: Bound, spec: ModelSpec, prefix: number, writesPrefix: boolean): TokenUsage[] {
  const turns = turnsFor(task, bound);
  const brief = tokensOfBytes(
    spec,
    TASK_BRIEF_TOKENS * BYTES_PER_OLD_TOKEN + bytesOf(`${task.title}\n${task.instructions}\n${task.owns.join('\n')}\n${task.reads.join('\n')}`),
  );
  const output = tokensOfBytes(spec, bound.outputPerTurn * BYTES_PER_OLD_TOKEN);
  const perTurn = output + tokensOfBytes(spec, bound.toolResultPerTurn * BYTES_PER_OLD_TOKEN);
  const usages: TokenUsage[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    usages.push(
      turn === 1
        ? { input: 0, output, cacheWrite: (writesPrefix ? prefix : 0) + brief, cacheRead: writesPrefix ? 0 : prefix }
        : { input: 0, output, cacheWrite: perTurn, cacheRead: prefix + brief + perTurn * (turn - 2) },
    );
  }
  return usages;
}

/** Ids of the tasks that write the shared prefix to the cache under this bound. */
function prefixWriters(plan: Plan, high: boolean): ReadonlySet<string> {
  const writers = new Set<string>();
  const contracts = plan.tasks.filter((t) => t.phase === 'contract');
  const implementers = plan.tasks.filter((t) => t.phase === 'implement');
  const validators = plan.tasks.filter((t) => t.phase === 'validate');
  if (contracts[0] !== undefined) writers.add(contracts[0].id);
  else implementers.forEach((t) => writers.add(t.id));
  if (writers.size === 0 && validators[0] !== undefined) writers.add(validators[0].id);
  if (high) for (const phase of [contracts, implementers, validators]) if (phase[0] !== undefined) writers.add(phase[0].id);
  return writers;
}

function modelFor(task: TaskSpec, models: ModelDefaults): string {
  return task.model ?? (isWritingTask(task) ? models.agent : models.validator);
}

function total(u: TokenUsage): number {
  return u.input + u.output + u.cacheWrite + u.cacheRead;
}

interface Side {
  readonly usd: number | null;
  readonly tokens: number;
}

function estimateSide(plan: Plan, options: EstimateOptions, high: boolean, unpriced: Set<string>): Side {
  const table = options.modelTable ?? DEFAULT_MODEL_TABLE;
  const writers = prefixWriters(plan, high);
  let usd: number | null = 0;
  let tokens = 0;
  for (const task of plan.tasks) {
    const model = modelFor(task, options.models);
    const spec = table.resolve(model).spec;
    let taskUsd: number | null = 0;
    let usage = ZERO_USAGE;
    for (const turn of turnUsages(task, high ? HIGH : LOW, spec, prefixTokens(plan, options, spec), writers.has(task.id))) {
      const cost = costOf(model, turn, options.prices);
      taskUsd = cost === null || taskUsd === null ? null : taskUsd + cost;
      usage = addUsage(usage, turn);
    }
    tokens += total(usage);
    if (taskUsd === null) unpriced.add(model);
    usd = taskUsd === null || usd === null ? null : usd + taskUsd;
  }
  return { usd, tokens: Math.round(tokens) };
}

function formatTokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** A low-high cost range for running the plan; null bounds when a task's model has no price. */
export function estimatePlanCost(plan: Plan, options: EstimateOptions): CostEstimate {
  const unpriced = new Set<string>();
  const low = estimateSide(plan, options, false, unpriced);
  const high = estimateSide(plan, options, true, unpriced);
  const writing = plan.tasks.filter(isWritingTask).length;
  const agentModel = (options.modelTable ?? DEFAULT_MODEL_TABLE).resolve(options.models.agent).spec;
  const basis =
    `${plan.tasks.length} task${plan.tasks.length === 1 ? '' : 's'} (${writing} writing, ${plan.tasks.length - writing} validating): ` +
    `writing tasks ${LOW.writingTurns}–${HIGH.writingTurns} turns (+${LOW.turnsPerExtraFile}/+${HIGH.turnsPerExtraFile} per extra owned file, a glob counts as ${GLOB_FILE_WEIGHT}), ` +
    `validators ${LOW.validatorTurns}–${HIGH.validatorTurns}; per turn ${formatTokens(LOW.outputPerTurn)}–${formatTokens(HIGH.outputPerTurn)} output and ` +
    `${formatTokens(LOW.toolResultPerTurn)}–${formatTokens(HIGH.toolResultPerTurn)} tool-result tokens at 4 bytes a token, times the model's tokenizer factor (${agentModel.tokenizerFactor} for ${options.models.agent}); ` +
    `shared prefix ~${formatTokens(prefixTokens(plan, options, agentModel))} tokens written to the cache once and read from it by later agents; ` +
    "each turn re-reads the conversation from the cache and is priced on its own, at the model's cache prices.";
  return {
    lowUsd: low.usd,
    highUsd: high.usd,
    lowTokens: low.tokens,
    highTokens: high.tokens,
    unpricedModels: [...unpriced].sort(),
    basis,
  };
}
