/** Run options for the fake engine: two implement tasks (`a`, `b`) in `root`, no real client. */
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../../../src/core/defaults';
import type { RunOptions } from '../../../src/core/run/engineTypes';
import { requireValidPlan } from '../../../src/core/plan/planCheck';
import { implement, makePlan } from '../engine/harness';

export function twoTaskRunOptions(root: string, run: { readonly runId: string; readonly runDir: string }): RunOptions {
  return {
    plan: requireValidPlan(makePlan([implement('a'), implement('b')]), root),
    workspaceRoot: root,
    client: {} as Anthropic,
    models: { agent: 'claude-test', validator: 'claude-test' },
    maxConcurrency: 2,
    budgets: DEFAULT_BUDGETS,
    prices: {},
    retry: DEFAULT_RETRY,
    runId: run.runId,
    runDir: run.runDir,
  };
}
