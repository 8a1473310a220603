/**
 * The run-wide context (`RunContext`), built once per run from its options and what the run made of
 * them, then handed whole to every agent with its task and to the run's epilogue: client, toolbox,
 * limiter, budgets, prices, models, the shared system block, plan, emitter, clock, staging, signal.
 * Building it starts nothing: the run's budget starts its clock, and that is all.
 */
import type { CheckTool } from '../workspace/tools/toolTypes';
import type { RunContext } from './contextTypes';
import type { RunOptions } from './engineTypes';
import type { StagingReader } from '../workspace/stagingTypes';
import type { RunEventBody } from './events';
import type { ChecksConfig } from '../checks/checkTypes';
import { sharedLimiter } from './limiter';
import { DEFAULT_MODEL_TABLE } from '../model/modelTable';
import { buildSharedSystem, checksSection } from './prompts';
import type { SpentBefore } from './runBudget';
import type { RunStop } from './runStop';
import { haltingBudget } from './runStopper';
import { createToolbox } from '../workspace/tools/toolbox';
import { definedFields } from '../definedFields';

/** The run's options the context is made of, defaults resolved. */
export type RunContextOptions = Pick<
  RunOptions,
  'plan' | 'workspaceRoot' | 'client' | 'budgets' | 'retry' | 'prices' | 'modelTable' | 'sharedContext' | 'ripgrepPath' | 'toolbox'
> & {
  readonly runId: string;
  readonly now: () => number;
  readonly maxOutputTokens: number;
};

/** What the run made of its options, and where the context reaches back into the run. */
export interface RunContextParts {
  readonly staging: StagingReader;
  /** The approved checks (at least one), with their phase (`run_check`); both absent in a run without checks. */
  readonly checks: ChecksConfig | undefined;
  readonly checkTool: CheckTool | undefined;
  /** A resumed run: what it spent before and the shared system block its agents were sent, verbatim. */
  readonly resumed: { readonly spent: SpentBefore; readonly sharedSystem: string | undefined } | undefined;
  /** The run's signal (`RunStopper`). */
  readonly signal: AbortSignal;
  /** The run's one stop path: a spent budget goes through it. */
  readonly halt: (stop: RunStop) => void;
  readonly emit: (body: RunEventBody) => void;
  /** An agent is about to wait for a model: the run writes what its log holds. */
  readonly awaitingModel: () => void;
}

export function buildRunContext(options: RunContextOptions, parts: RunContextParts): RunContext {
  const { checks, checkTool } = parts;
  return {
    runId: options.runId,
    plan: options.plan,
    workspaceRoot: options.workspaceRoot,
    client: options.client,
    toolbox: options.toolbox ?? createToolbox({ ripgrepPath: options.ripgrepPath, checks: checks !== undefined }),
    limiter: sharedLimiter(options.client, options.retry),
    runBudget: haltingBudget(options.budgets, options.now, parts.resumed?.spent, parts.halt),
    budgets: options.budgets,
    retry: options.retry,
    prices: options.prices,
    modelTable: options.modelTable ?? DEFAULT_MODEL_TABLE,
    sharedSystem: parts.resumed?.sharedSystem ?? buildSharedSystem(options.plan, options.sharedContext) + checksSection(checks?.checks),
    maxOutputTokens: options.maxOutputTokens,
    staging: parts.staging,
    emit: parts.emit,
    now: options.now,
    signal: parts.signal,
    ...definedFields({ checks: checkTool }),
    awaitingModel: parts.awaitingModel,
  };
}
