/**
 * The `review-4` scenario's plan and scripts: four read-only reviewers (security, performance,
 * api-contract, tests) side by side, each one turn that reports a finding and finishes in the same
 * answer, then the run's synthesis merging their four findings into one ranked report.
 *
 * Every reviewer turn is paced like the plain scenarios (frames × delay at the fake), padded to
 * exactly REVIEWER_FRAMES frames of REVIEWER_FRAME_DELAY_MS each: one second at the server. The
 * synthesis answers in one text delta with no delay.
 */
import type { JsonRoute, MessageTurn } from '../src/fakeApi/script';
import type { ScriptFile } from '../test/fake/scriptFile';
import { SYNTHESIS_MARKER } from '../src/core/run/synthesis';
import type { Plan, TaskSpec } from '../src/core/plan/plan';
import { framesOf, matchFor, type AgentScript, type StreamSettings } from './scripts';
import { answerPlanFor } from './shape';
import { PLAIN_MODEL } from './scenarios';

export const REVIEW_SCENARIO_NAME = 'review-4';
/** The concurrency cap of the measured run (the sequential one runs with 1). */
export const REVIEW_MAX_CONCURRENCY = 8;
/** One reviewer turn at the server: REVIEWER_FRAMES × REVIEWER_FRAME_DELAY_MS = 1,000 ms. */
export const REVIEWER_FRAME_DELAY_MS = 20;
export const REVIEWER_FRAMES = 50;
/** The scenario's targets: the whole run (reviewers and synthesis) under this wall time, every finding in the report. */
export const REVIEW_TARGET_WALL_MS = 2_000;
/** The synthesis answer goes out in one delta this large at most. */
const SYNTHESIS_DELTA_CHARS = 8_192;
/** Longest padding tried while fitting a reviewer turn to REVIEWER_FRAMES. */
const MAX_PADDING_CHARS = 4_096;

type Severity = 'error' | 'warning';

interface Reviewer {
  readonly role: string;
  readonly title: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly line: number;
}

/** The reviewers, in the plan's order; their findings point at the bench workspace's files (scripts.ts). */
export const REVIEWERS: readonly Reviewer[] = [
  {
    role: 'security',
    title: 'Security review',
    severity: 'error',
    message: 'Item.name is used unescaped; escape it before it reaches HTML.',
    path: 'src/shared.ts',
    line: 3,
  },
  {
    role: 'performance',
    title: 'Performance review',
    severity: 'warning',
    message: 'clamp is called per item in a hot loop; hoist the bounds.',
    path: 'src/util.ts',
    line: 2,
  },
  {
    role: 'api-contract',
    title: 'API contract review',
    severity: 'error',
    message: 'Item.id is a number but the API sends strings; type it as string.',
    path: 'src/shared.ts',
    line: 2,
  },
  { role: 'tests', title: 'Test review', severity: 'warning', message: 'clamp has no test for lo > hi; add one.', path: 'src/util.ts', line: 1 },
];

/** The synthesis' ranking: errors first (security, then api-contract), then warnings. */
const RANKED_ROLES: readonly string[] = ['security', 'api-contract', 'performance', 'tests'];

export interface BuiltReview {
  readonly plan: Plan;
  /** One script per reviewer (their task ids carry `prefix`). */
  readonly scripts: readonly AgentScript[];
  /** The synthesis route for this plan's run (matched on the marker and this plan's task ids). */
  readonly synthesisRoute: JsonRoute;
  readonly taskIds: readonly string[];
}

function reviewerTask(id: string, reviewer: Reviewer): TaskSpec {
  return {
    id,
    title: reviewer.title,
    phase: 'validate',
    role: reviewer.role,
    instructions: `Review the workspace for ${reviewer.role} problems; report each as a finding, then finish.`,
    owns: [],
    reads: ['src/shared.ts', 'src/util.ts'],
    dependsOn: [],
  };
}

/**
 * The reviewer's one turn: its finding and `finish` in the same answer, the summary padded until the
 * fake streams exactly `frames` frames for it (throws when that cannot be reached).
 */
export function reviewerTurn(reviewer: Reviewer, settings: StreamSettings, eventDelayMs: number, frames = REVIEWER_FRAMES): MessageTurn {
  const answer = answerPlanFor(PLAIN_MODEL, 'validate');
  const base = `Reviewed src/shared.ts and src/util.ts for ${reviewer.role}: one ${reviewer.severity}.`;
  for (let pad = 0; pad <= MAX_PADDING_CHARS; pad += 1) {
    const turn: MessageTurn = {
      kind: 'message',
      eventDelayMs,
      content: [
        {
          type: 'tool_use',
          name: 'report_finding',
          input: { severity: reviewer.severity, message: reviewer.message, path: reviewer.path, line: reviewer.line },
        },
        { type: 'tool_use', name: 'finish', input: { summary: `${base}${'.'.repeat(pad)}` } },
      ],
    };
    const count = framesOf(turn, settings, answer);
    if (count === frames) return turn;
    if (count > frames) break;
  }
  throw new Error(`a ${reviewer.role} reviewer turn cannot be fitted to ${frames} frames`);
}

/** The synthesis' answer: the four findings ranked, each naming the reviewer it came from, and a report. */
export function synthesisAnswer(prefix: string): string {
  const byRole = new Map(REVIEWERS.map((r) => [r.role, r]));
  const findings = RANKED_ROLES.map((role) => {
    const r = byRole.get(role) as Reviewer;
    return { severity: r.severity, message: r.message, path: r.path, line: r.line, from: [`${prefix}${role}`] };
  });
  const lines = findings.map((f, i) => `${i + 1}. [${f.severity}] ${f.path}:${f.line}: ${f.message}`);
  const report = ['# Review', '', 'Four reviewers, four distinct problems: two errors, two warnings.', '', ...lines].join('\n');
  return JSON.stringify({ report, findings });
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The plan, the reviewers' scripts and the synthesis route. `prefix` keeps task ids (and so route
 * matches) of runs sharing one server apart; `eventDelayMs` overrides every reviewer frame's delay
 * (warm-ups: the same frames, over quickly).
 */
export function buildReview(settings: StreamSettings, prefix = '', eventDelayMs = REVIEWER_FRAME_DELAY_MS): BuiltReview {
  const tasks: TaskSpec[] = [];
  const scripts: AgentScript[] = [];
  for (const reviewer of REVIEWERS) {
    const id = `${prefix}${reviewer.role}`;
    tasks.push(reviewerTask(id, reviewer));
    scripts.push({
      taskId: id,
      phase: 'validate',
      model: PLAIN_MODEL,
      answer: answerPlanFor(PLAIN_MODEL, 'validate'),
      turns: [reviewerTurn(reviewer, settings, eventDelayMs)],
    });
  }
  const first = `${prefix}${REVIEWERS[0]?.role ?? ''}`;
  const synthesisRoute: JsonRoute = {
    name: `${prefix}synthesis`,
    // The synthesis request: the marker opens its system prompt, and its input names this run's agents.
    match: { regex: `${escapeRegex(SYNTHESIS_MARKER)}[\\s\\S]*## Agent "${escapeRegex(first)}"` },
    turns: [{ kind: 'message', eventDelayMs: 0, deltaChars: SYNTHESIS_DELTA_CHARS, content: [{ type: 'text', text: synthesisAnswer(prefix) }] }],
  };
  const plan: Plan = {
    id: `bench-${prefix}${REVIEW_SCENARIO_NAME}`,
    request: 'Review the workspace: security, performance, API contract and tests.',
    route: 'complex',
    tasks,
    lint: [],
  };
  return { plan, scripts, synthesisRoute, taskIds: tasks.map((t) => t.id) };
}

/** One script file for several review runs: the synthesis routes first (reviewer requests never carry the marker). */
export function reviewScriptFile(runs: readonly BuiltReview[], settings: StreamSettings): ScriptFile {
  const routes: JsonRoute[] = [
    ...runs.map((r) => r.synthesisRoute),
    ...runs.flatMap((r) => r.scripts.map((s): JsonRoute => ({ name: s.taskId, match: matchFor(s.taskId), turns: [...s.turns] }))),
  ];
  return { routes, eventDelayMs: settings.eventDelayMs, deltaChars: settings.deltaChars, pings: settings.pings };
}
