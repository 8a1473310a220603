/**
 * The "Distribute Feature" flow of one window as a pure reducer: request -> planning -> plan review
 * -> run, plus the composer, errors and reopened past runs. The flow controller dispatches what
 * happened (the user submitted, planning answered, the run started, a batch of its events arrived,
 * it ended); the sidebar renders `state.stage` and `shownRun(state)`. Nothing here does I/O.
 *
 * Planning answers carry the attempt they belong to: an answer for an attempt the user left (back to
 * the composer, a new request) changes nothing. The checks the review lists are kept with the
 * proposal; the controller works out whether they were approved and why none would run.
 */
import type { RunEvent } from '../../core/run/events';
import { reduceRunEvent, type RunState } from '../../core/run/runState';
import type { ProposedRun } from '../../core/planning/propose';
import type { PlanReview, PlanReviewChecks, ViewStage } from '../../protocol/messages';
import type { FoundChecks } from '../checks/planReviewChecks';
import type { FanoutSettings } from '../settings';

export type ErrorAction = NonNullable<Extract<ViewStage, { kind: 'error' }>['action']>;

/** A plan proposal waiting for the user, with what it was planned from. */
export interface ProposalUnderReview {
  /** The request as typed (without the editor context). */
  readonly request: string;
  readonly pattern: string | undefined;
  readonly proposal: ProposedRun;
  readonly settings: FanoutSettings;
  /** The checks the review lists: as detected, or as the user edited them. */
  readonly checks: PlanReviewChecks;
  /** What detection found, so an edit back to those commands takes their source again. */
  readonly detected: FoundChecks;
}

export interface FlowState {
  readonly stage: ViewStage;
  /** Planning attempts so far; answers of an older attempt are dropped. */
  readonly attempt: number;
  /** The proposal under review (or about to be approved automatically). */
  readonly proposal?: ProposalUnderReview;
  /** The run of this window's engine: running, or ended and still retryable. */
  readonly live?: RunState;
  /** A past run reopened from the history. */
  readonly shown?: RunState;
}

export type FlowAction =
  /** The composer's text changed (kept only while composing). */
  | { readonly type: 'draft'; readonly draft: string; readonly context?: string }
  /** Back to the composer: `draft` replaces the text (default: the request of the stage left). */
  | { readonly type: 'reset'; readonly draft?: string; readonly context?: string }
  /** A request that cannot be planned here (empty, no folder, untrusted, a run going). */
  | { readonly type: 'refused'; readonly request: string; readonly message: string; readonly action?: ErrorAction }
  | { readonly type: 'submit'; readonly request: string; readonly routed: boolean }
  /** The route is known; the planner is at work. */
  | { readonly type: 'routed'; readonly attempt: number }
  | { readonly type: 'planned'; readonly attempt: number; readonly proposal: ProposalUnderReview }
  | { readonly type: 'planFailed'; readonly attempt: number; readonly request: string; readonly message: string; readonly action?: ErrorAction }
  /** The plan under review after the user's edits (re-linted). */
  | { readonly type: 'edit'; readonly proposal: ProposedRun }
  /** The review's check list after the user's edit. */
  | { readonly type: 'editChecks'; readonly checks: PlanReviewChecks }
  /** A proposal that approved itself still needs the user (its checks were not approved): show its review. */
  | { readonly type: 'review' }
  /** The proposal goes to the engine. */
  | { readonly type: 'approve' }
  | { readonly type: 'runStarted'; readonly run: RunState }
  | { readonly type: 'runEvents'; readonly events: readonly RunEvent[] }
  | { readonly type: 'runEnded'; readonly run: RunState }
  /** The engine refused the plan. */
  | { readonly type: 'runFailed'; readonly request: string; readonly message: string; readonly action?: ErrorAction }
  | { readonly type: 'showRun'; readonly run: RunState };

export const initialFlowState: FlowState = { stage: { kind: 'compose', draft: '' }, attempt: 0 };

/** The review step's view of a proposal: the models offered per task are the settings' and the plan's own. */
export function planReview(proposal: ProposedRun, settings: FanoutSettings, checks: PlanReviewChecks): PlanReview {
  const { models } = settings;
  const offered = [
    ...new Set([models.agent, models.validator, models.planner, models.router, ...proposal.plan.tasks.flatMap((t) => (t.model ? [t.model] : []))]),
  ];
  return {
    route: proposal.route,
    plan: proposal.plan,
    findings: proposal.findings,
    estimate: proposal.estimate,
    needsApproval: proposal.needsApproval,
    models: offered,
    checks,
    ...(proposal.instructions !== undefined && proposal.instructions.length > 0 ? { instructions: proposal.instructions } : {}),
  };
}

function reviewStage(p: ProposalUnderReview): ViewStage {
  return { kind: 'review', review: planReview(p.proposal, p.settings, p.checks) };
}

function hasErrors(proposal: ProposedRun): boolean {
  return proposal.findings.some((f) => f.severity === 'error');
}

/** True when the settings approve this proposal without showing it: no errors, within budget. */
export function approvesItself(p: ProposalUnderReview): boolean {
  return p.settings.autoApprove && !hasErrors(p.proposal) && !p.proposal.needsApproval;
}

/** Why the proposal under review cannot run yet, if it cannot. */
export function approvalProblem(p: ProposalUnderReview, confirmedOverBudget: boolean): 'errors' | 'budget' | undefined {
  if (hasErrors(p.proposal)) return 'errors';
  if (p.proposal.needsApproval && !confirmedOverBudget) return 'budget';
  return undefined;
}

/** True while this window's engine is running a run. */
export function isRunning(state: FlowState): boolean {
  return state.live?.status === 'running';
}

/** The run the view shows: the live one, else a reopened past run. */
export function shownRun(state: FlowState): RunState | undefined {
  return state.live ?? state.shown;
}

function textOf(stage: ViewStage): string {
  if (stage.kind === 'compose') return stage.draft;
  return 'request' in stage ? stage.request : '';
}

/** Folds a batch into a run; the same object when nothing applied (stale or another run's events). */
function fold(run: RunState, events: readonly RunEvent[]): RunState {
  let next = run;
  for (const event of events) {
    if (event.runId === next.runId && event.seq > next.lastSeq) next = reduceRunEvent(next, event);
  }
  return next;
}

function errorStage(request: string, message: string, action: ErrorAction | undefined): ViewStage {
  return action === undefined ? { kind: 'error', request, message } : { kind: 'error', request, message, action };
}

function composeStage(draft: string, context: string | undefined): ViewStage {
  return context === undefined ? { kind: 'compose', draft } : { kind: 'compose', draft, context };
}

/** Pure: the flow after one action. Returns `state` itself when the action changes nothing. */
export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case 'draft':
      if (state.stage.kind !== 'compose') return state;
      return { ...state, stage: composeStage(action.draft, action.context ?? state.stage.context) };
    case 'reset':
      return { ...state, attempt: state.attempt + 1, proposal: undefined, stage: composeStage(action.draft ?? textOf(state.stage), action.context) };
    case 'refused':
      return { ...state, attempt: state.attempt + 1, proposal: undefined, stage: errorStage(action.request, action.message, action.action) };
    case 'submit':
      return {
        ...state,
        attempt: state.attempt + 1,
        proposal: undefined,
        stage: { kind: 'planning', request: action.request, step: action.routed ? 'planning' : 'routing' },
      };
    case 'routed':
      if (action.attempt !== state.attempt || state.stage.kind !== 'planning') return state;
      return state.stage.step === 'planning' ? state : { ...state, stage: { ...state.stage, step: 'planning' } };
    case 'planned':
      if (action.attempt !== state.attempt || state.stage.kind !== 'planning') return state;
      // A proposal that approves itself goes straight from planning to the run.
      return approvesItself(action.proposal)
        ? { ...state, proposal: action.proposal }
        : { ...state, proposal: action.proposal, stage: reviewStage(action.proposal) };
    case 'planFailed':
      if (action.attempt !== state.attempt || state.stage.kind !== 'planning') return state;
      return { ...state, stage: errorStage(action.request, action.message, action.action) };
    case 'edit': {
      if (!state.proposal || state.stage.kind !== 'review') return state;
      const proposal = { ...state.proposal, proposal: action.proposal };
      return { ...state, proposal, stage: reviewStage(proposal) };
    }
    case 'editChecks': {
      if (!state.proposal || state.stage.kind !== 'review') return state;
      const proposal = { ...state.proposal, checks: action.checks };
      return { ...state, proposal, stage: reviewStage(proposal) };
    }
    case 'review':
      if (!state.proposal || state.stage.kind !== 'planning') return state;
      return { ...state, stage: reviewStage(state.proposal) };
    case 'approve':
      return state.proposal ? { ...state, proposal: undefined } : state;
    case 'runStarted':
      return { ...state, live: action.run, shown: undefined, stage: { kind: 'run', runId: action.run.runId } };
    case 'runEvents': {
      if (!state.live) return state;
      const live = fold(state.live, action.events);
      return live === state.live ? state : { ...state, live };
    }
    case 'runEnded':
      return state.live?.runId === action.run.runId ? { ...state, live: action.run } : state;
    case 'runFailed':
      return { ...state, proposal: undefined, stage: errorStage(action.request, action.message, action.action) };
    case 'showRun': {
      const stage: ViewStage = { kind: 'run', runId: action.run.runId };
      if (state.live?.runId === action.run.runId) return { ...state, stage };
      // A run that is still going stays the one shown; an ended one gives way.
      return { ...state, stage, shown: action.run, live: isRunning(state) ? state.live : undefined };
    }
  }
}
