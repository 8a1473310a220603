/**
 * Cost estimate of a plan before it runs: a low-high range from the plan's size, priced per task
 * model with `costOf`. Deterministic: the same plan and options always give the same estimate.
 *
 * Assumptions (the `basis` line repeats them):
 * - Turns per agent: writing tasks 4 (low) to 12 (high) turns, plus 1 (low) / 3 (high) per owned
 *   entry after the first, where a glob or folder entry counts as 3 files; validators 3 to 8 turns.
 * - Per turn the model writes 300 / 1,200 output tokens and gets 600 / 2,500 tokens of tool results.
 * - The shared prefix (tool definitions, rules, the plan, project instructions, the repo map) is
 *   `sharedPrefixTokens` (default: ~1,800 for tools and rules plus the request and the plan at
 *   4 characters a token) plus `repoMapTokens`. The first agent to run writes it to the prompt cache
 *   (1.25x input); later agents read it (0.1x). When there is no contract phase, every implement agent
 *   starts at once and writes it. The high bound also assumes the cache lapses between phases, so the
 *   first task of each phase writes it again.
 * - The engine puts a cache breakpoint at the conversation tail, so turn n re-reads turns 1..n-1 from
 *   the cache and writes only what turn n-1 added.
 */
import type { ModelDefaults, PriceTable } from '../engineTypes';
import { isWritingTask, type Plan, type TaskSpec } from '../plan';
import { costOf } from '../prices';
import { hasGlobSyntax } from '../globIntersect';
import type { TokenUsage } from '../usage';
import type { CostEstimate } from './types';

export interface EstimateOptions {
  readonly prices: PriceTable;
  readonly models: ModelDefaults;
  /** Tokens of the repo map in the shared prefix (0 when none). */
  readonly repoMapTokens?: number;
  /** Tokens of the rest of the shared prefix (tools, rules, plan, project instructions); estimated when absent. */
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

/** Tool definitions and the fixed rules of the shared system block. */
const FIXED_PREFIX_TOKENS = 1_800;
/** The task brief's fixed text and the opening user message. */
const TASK_BRIEF_TOKENS = 250;
const GLOB_FILE_WEIGHT = 3;

function tokensOf(text: string): number {
  return Math.ceil(text.length / 4);
}

function defaultSharedPrefix(plan: Plan): number {
  const taskLines = plan.tasks.map((t) => `- ${t.id} [${t.phase}] ${t.role}: ${t.title} owns: ${t.owns.join(', ')} after: ${t.dependsOn.join(', ')}`);
  return FIXED_PREFIX_TOKENS + tokensOf(plan.request) + tokensOf(taskLines.join('\n'));
}

/** Owned entries weighted as files: a concrete path is 1, a glob or an extension-less folder is 3. */
export function ownedFileWeight(task: TaskSpec): number {
  return task.owns.reduce((sum, entry) => sum + (hasGlobSyntax(entry) || !/\.[A-Za-z0-9]+$/.test(entry.trim()) ? GLOB_FILE_WEIGHT : 1), 0);
}

function turnsFor(task: TaskSpec, bound: Bound): number {
  if (!isWritingTask(task)) return bound.validatorTurns;
  return bound.writingTurns + bound.turnsPerExtraFile * Math.max(0, ownedFileWeight(task) - 1);
}

function taskUsage(task: TaskSpec, bound: Bound, prefix: number, writesPrefix: boolean): TokenUsage {
  const turns = turnsFor(task, bound);
  const brief = TASK_BRIEF_TOKENS + tokensOf(`${task.title}\n${task.instructions}\n${task.owns.join('\n')}\n${task.reads.join('\n')}`);
  const perTurn = bound.outputPerTurn + bound.toolResultPerTurn;
  const later = turns - 1;
  return {
    input: 0,
    output: turns * bound.outputPerTurn,
    cacheWrite: (writesPrefix ? prefix : 0) + brief + later * perTurn,
    cacheRead: (writesPrefix ? 0 : prefix) + later * (prefix + brief) + (perTurn * later * (later - 1)) / 2,
  };
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

function estimateSide(plan: Plan, options: EstimateOptions, prefix: number, high: boolean, unpriced: Set<string>): Side {
  const writers = prefixWriters(plan, high);
  let usd: number | null = 0;
  let tokens = 0;
  for (const task of plan.tasks) {
    const usage = taskUsage(task, high ? HIGH : LOW, prefix, writers.has(task.id));
    const model = modelFor(task, options.models);
    const cost = costOf(model, usage, options.prices);
    tokens += total(usage);
    if (cost === null) unpriced.add(model);
    usd = cost === null || usd === null ? null : usd + cost;
  }
  return { usd, tokens: Math.round(tokens) };
}

function formatTokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** A low-high cost range for running the plan; null bounds when a task's model has no price. */
export function estimatePlanCost(plan: Plan, options: EstimateOptions): CostEstimate {
  const prefix = Math.max(0, options.sharedPrefixTokens ?? defaultSharedPrefix(plan)) + Math.max(0, options.repoMapTokens ?? 0);
  const unpriced = new Set<string>();
  const low = estimateSide(plan, options, prefix, false, unpriced);
  const high = estimateSide(plan, options, prefix, true, unpriced);
  const writing = plan.tasks.filter(isWritingTask).length;
  const basis =
    `${plan.tasks.length} task${plan.tasks.length === 1 ? '' : 's'} (${writing} writing, ${plan.tasks.length - writing} validating): ` +
    `writing tasks ${LOW.writingTurns}–${HIGH.writingTurns} turns (+${LOW.turnsPerExtraFile}/+${HIGH.turnsPerExtraFile} per extra owned file, a glob counts as ${GLOB_FILE_WEIGHT}), ` +
    `validators ${LOW.validatorTurns}–${HIGH.validatorTurns}; per turn ${formatTokens(LOW.outputPerTurn)}–${formatTokens(HIGH.outputPerTurn)} output and ` +
    `${formatTokens(LOW.toolResultPerTurn)}–${formatTokens(HIGH.toolResultPerTurn)} tool-result tokens; shared prefix ~${formatTokens(prefix)} tokens written to the cache once and read at 0.1x by later agents; ` +
    'each turn re-reads the conversation from the cache.';
  return {
    lowUsd: low.usd,
    highUsd: high.usd,
    lowTokens: low.tokens,
    highTokens: high.tokens,
    unpricedModels: [...unpriced].sort(),
    basis,
  };
}
