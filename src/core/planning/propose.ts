/**
 * From a request to a plan proposal: route -> plan -> estimate -> lint. Shared by the extension's
 * "Distribute Feature" command and the CLI's `plan` / `run "REQUEST"`.
 *
 * - An empty request fails before any model call.
 * - A pattern the user named but the workspace does not have fails before any model call too.
 * - The route comes from the router unless the user chose one (then no classification call; the
 *   files a trivial or moderate plan owns are read from the request text).
 * - trivial / moderate: one agent, no planning call. complex: the planner, with the repo map, the
 *   project instructions and the pattern.
 * - The project instructions and the repo map are read for every route: they are also the project
 *   context of the run's shared, cached prefix (`sharedContext`).
 *
 * Warnings: a model id the model table does not know (it gets the conservative rules) and settings
 * a model cannot honour come back in `warnings`, once each, for the user to see.
 *
 * Approval: `needsApproval` is true when the run has a cost cap (`budgets.maxCostUsdPerRun` > 0) and
 * the estimate's high end is above it, or unknown (a model without a price): a cost that cannot be
 * computed cannot be shown to be under the cap, so the user approves it explicitly.
 */
import { claudeAgentFindings } from './patterns/claudeAgentPlan';
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import type { Route, RouteDecision } from '../plan/plan';
import { checkPlan, type CheckedPlan } from '../plan/planCheck';
import { sharedContextText, sharedPrefixBytes } from './contextShare';
import { PlanningError, RouteError } from './errors';
import { estimatePlanCost } from './estimate';
import { readProjectInstructions } from './instructions';
import { lintPlan } from './lint/lintPlan';
import { filesNamedIn } from './namedFiles';
import { findPattern, loadPatterns } from './patterns/loadPatterns';
import { planFeature } from './planner';
import { buildRepoMap } from './repoMap';
import { classifyRequest, userRoute } from './router';
import { singleAgentPlan } from './singleAgentPlan';
import type { CostEstimate, LintOptions, Pattern, PlanProposal } from './types';
import { definedFields } from '../definedFields';

export interface PlanningModels {
  readonly router: string;
  readonly planner: string;
}

export type ProposalStage = 'routing' | 'reading' | 'planning' | 'repairing' | 'checking';

export interface ProposalProgress {
  readonly stage: ProposalStage;
  readonly message: string;
}

export interface ProposeOptions {
  readonly client: Anthropic;
  readonly models: PlanningModels;
  readonly request: string;
  /** Absolute path of the workspace. */
  readonly workspaceRoot: string;
  readonly patternName?: string;
  /** The user's route: skips the classification call. */
  readonly routeOverride?: Route;
  /** Budgets, prices and agent models for lint and the estimate. */
  readonly lintOptions: LintOptions;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ProposalProgress) => void;
  /** Bound of the repo map (default 12,000 bytes). */
  readonly repoMapBytes?: number;
  /** Shapes the router's and the planner's requests (default: the built-in table). */
  readonly modelTable?: ModelTable;
  /** Effort of each planning call (defaults: router `low`, planner `default`). */
  readonly effort?: { readonly router?: EffortSetting; readonly planner?: EffortSetting };
}

/** A proposal plus the project context for the run's shared prefix. */
export interface ProposedRun extends PlanProposal {
  readonly sharedContext: string;
  /** Model warnings from the planning calls (unknown model ids, settings a model cannot honour), each once. */
  readonly warnings: readonly string[];
}

export async function proposePlan(options: ProposeOptions): Promise<ProposedRun> {
  try {
    return await propose(options);
  } catch (error) {
    // The repo walk stops with the signal's own AbortError; the model calls already say "cancelled".
    if (options.signal?.aborted && !(error instanceof PlanningError) && !(error instanceof RouteError)) {
      throw new PlanningError('cancelled', 'Planning was cancelled.');
    }
    throw error;
  }
}

async function propose(options: ProposeOptions): Promise<ProposedRun> {
  const request = options.request.trim();
  if (request === '') {
    throw new PlanningError(
      'empty-request',
      'The feature request is empty. Describe the change you want, for example "Add a --json flag to the list command".',
    );
  }
  const progress = options.onProgress ?? (() => undefined);
  const warnings = new Set<string>();
  const onWarning = (warning: string): void => {
    warnings.add(warning);
  };
  const pattern = options.patternName === undefined ? undefined : await patternNamed(options.workspaceRoot, options.patternName);

  progress({ stage: 'routing', message: options.routeOverride ? `Route chosen by the user: ${options.routeOverride}.` : 'Classifying the request…' });
  const [decision, context] = await Promise.all([route(options, request, onWarning), readContext(options, request)]);

  // Checked once: the planner's plan comes back checked; a single-agent plan is checked here.
  let plan: CheckedPlan;
  if (decision.route === 'complex') {
    progress({ stage: 'planning', message: `Planning the request${pattern ? ` with the ${pattern.name} pattern` : ''}…` });
    plan = await planFeature({
      client: options.client,
      model: options.models.planner,
      request,
      workspaceRoot: options.workspaceRoot,
      repoMap: context.repoMap,
      instructions: context.instructions,
      ...definedFields({ pattern }),
      modelTable: options.modelTable ?? DEFAULT_MODEL_TABLE,
      ...definedFields({ effort: options.effort?.planner }),
      lintOptions: options.lintOptions,
      ...definedFields({ signal: options.signal }),
      onWarning,
      onRepair: (problems) => progress({ stage: 'repairing', message: `The plan had ${problems.length} problem(s); asking the planner to fix them…` }),
    });
  } else {
    plan = checkPlan(singleAgentPlan({ request, route: decision.route, files: decision.files }), options.workspaceRoot).plan;
  }

  progress({ stage: 'checking', message: 'Checking the plan and estimating its cost…' });
  const sharedContext = sharedContextText(context.instructions, context.repoMap);
  // Bytes, not tokens: the estimate counts them with each task model's tokenizer.
  const repoMapBytes = Buffer.byteLength(context.repoMap.text, 'utf8');
  const estimate = estimatePlanCost(plan, {
    prices: options.lintOptions.prices,
    models: options.lintOptions.models,
    modelTable: options.modelTable ?? DEFAULT_MODEL_TABLE,
    repoMapBytes,
    sharedPrefixBytes: Math.max(0, sharedPrefixBytes(plan, sharedContext) - repoMapBytes),
  });
  const findings = [...lintPlan(plan, options.lintOptions, estimate), ...(pattern !== undefined ? claudeAgentFindings(plan, pattern) : [])];
  const { files: _files, ...routeDecision } = decision;
  return {
    route: routeDecision,
    plan: { ...plan, lint: findings },
    findings,
    estimate,
    needsApproval: needsApproval(estimate, options.lintOptions.budgets.maxCostUsdPerRun),
    sharedContext,
    warnings: [...warnings],
  };
}

/** Above the cap, or unknown while a cap is set. */
export function needsApproval(estimate: CostEstimate, maxCostUsdPerRun: number): boolean {
  if (!(maxCostUsdPerRun > 0)) return false;
  return estimate.highUsd === null || estimate.highUsd > maxCostUsdPerRun;
}

async function patternNamed(root: string, name: string): Promise<Pattern> {
  const { patterns, problems } = await loadPatterns(root);
  const pattern = findPattern(patterns, name);
  if (pattern !== undefined) return pattern;
  const known = patterns.map((p) => p.name).join(', ');
  const trouble = problems.length > 0 ? ` Some pattern files could not be read: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` : '';
  throw new PlanningError('unknown-pattern', `There is no pattern named "${name}". Known patterns: ${known}.${trouble}`);
}

async function route(
  options: ProposeOptions,
  request: string,
  onWarning: (warning: string) => void,
): Promise<RouteDecision & { readonly files: readonly string[] }> {
  if (options.routeOverride !== undefined) return { ...userRoute(options.routeOverride), files: filesNamedIn(request) };
  return classifyRequest({
    client: options.client,
    model: options.models.router,
    request,
    modelTable: options.modelTable ?? DEFAULT_MODEL_TABLE,
    ...definedFields({ effort: options.effort?.router }),
    ...definedFields({ signal: options.signal }),
    onWarning,
  });
}

async function readContext(options: ProposeOptions, request: string) {
  const [instructions, repoMap] = await Promise.all([
    readProjectInstructions(options.workspaceRoot),
    buildRepoMap(options.workspaceRoot, {
      request,
      ...definedFields({ maxBytes: options.repoMapBytes, signal: options.signal }),
    }),
  ]);
  return { instructions, repoMap };
}
