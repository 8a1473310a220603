/**
 * A finished review run for the preview pages, folded from run events like the sidebar folds them:
 * four reviewers, their findings, and the synthesis with its ranked findings and report.
 */
import type { RankedFinding } from '../../src/core/run/checkEvents';
import type { Plan, TaskSpec } from '../../src/core/plan/plan';
import type { RunState } from '../../src/core/run/runState';
import { fold, MODEL, started, task, usage, type Timeline } from './fleetEvents';
import { FIXTURE_NOW } from './fixtureState';

const REVIEW_T0 = FIXTURE_NOW - 95_000;

const reviewTasks: readonly TaskSpec[] = [
  task('architecture-performance', 'Architecture & performance', 'Architecture & performance', 'validate', []),
  task('security', 'Security', 'Security', 'validate', []),
  task('qa-edge-cases', 'QA & edge cases', 'QA & edge cases', 'validate', []),
  task('frontend-ux', 'Frontend/UX', 'Frontend/UX', 'validate', []),
];

const rankedFindings: readonly RankedFinding[] = [
  {
    severity: 'error',
    message: 'PATCH /todos/:id accepts remindAt without checking it belongs to the caller’s timezone; reminders fire hours early.',
    path: 'src/api/routes/todos.ts',
    line: 58,
    from: ['qa-edge-cases', 'security'],
  },
  {
    severity: 'warning',
    message: 'overdue() sorts the whole list on every render of TodoList.',
    path: 'src/store/todoStore.ts',
    line: 41,
    from: ['architecture-performance'],
  },
  {
    severity: 'warning',
    message: 'The overdue badge tells state by colour alone in high contrast themes.',
    path: 'src/styles/todo.css',
    line: 12,
    from: ['frontend-ux'],
  },
  {
    severity: 'info',
    message: 'DatePicker has no label for screen readers when the field is empty.',
    path: 'src/components/todo/DatePicker.tsx',
    line: 23,
    from: ['frontend-ux'],
  },
];

const REVIEW_TIMELINE: Timeline = [
  ...reviewTasks.map((t, i) => [300 + i * 50, started(t.id)] as const),
  ...reviewTasks.map((t, i) => [14_000 + i * 3_000, usage(t.id, 1, 3_100, 900 + i * 120, 22_400)] as const),
  [
    21_000,
    {
      kind: 'finding.reported',
      taskId: 'qa-edge-cases',
      severity: 'error',
      message: 'remindAt is not checked against the timezone.',
      path: 'src/api/routes/todos.ts',
      line: 58,
    },
  ],
  [
    22_000,
    { kind: 'finding.reported', taskId: 'security', severity: 'warning', message: 'remindAt is trusted as sent.', path: 'src/api/routes/todos.ts', line: 58 },
  ],
  [
    24_000,
    {
      kind: 'finding.reported',
      taskId: 'architecture-performance',
      severity: 'warning',
      message: 'overdue() sorts on every render.',
      path: 'src/store/todoStore.ts',
      line: 41,
    },
  ],
  [
    26_000,
    { kind: 'finding.reported', taskId: 'frontend-ux', severity: 'warning', message: 'Overdue by colour alone.', path: 'src/styles/todo.css', line: 12 },
  ],
  [
    27_000,
    {
      kind: 'finding.reported',
      taskId: 'frontend-ux',
      severity: 'info',
      message: 'DatePicker has no empty-state label.',
      path: 'src/components/todo/DatePicker.tsx',
      line: 23,
    },
  ],
  ...reviewTasks.map(
    (t, i) =>
      [
        52_000 + i * 4_000,
        { kind: 'agent.finished', taskId: t.id, outcome: 'done', reason: 'finished', summary: `Reviewed the change for ${t.role.toLowerCase()}.` },
      ] as const,
  ),
  [68_500, { kind: 'synthesis.started', model: MODEL }],
  [
    88_000,
    {
      kind: 'synthesis.finished',
      model: MODEL,
      report: '# Review of the due-dates branch\n\nOne error, two warnings and a note; the reminder timezone bug blocks a release.\n',
      findings: rankedFindings,
      usage: { input: 9_800, output: 1_900, cacheRead: 0, cacheWrite: 0 },
      costUsd: 0.058,
    },
  ],
  [88_400, { kind: 'run.finished', outcome: 'done' }],
];

const reviewPlan: Plan = {
  id: 'review-due-dates',
  request: 'Review of the change on branch due-dates (12 files)',
  route: 'complex',
  pattern: 'review-roles',
  lint: [],
  tasks: [...reviewTasks],
};

/** A finished review: four reviewers, five findings merged into four by the synthesis, its report ready. */
export const reviewReportState: RunState = fold('run-2025-06-01-review', REVIEW_T0, [
  [0, { kind: 'run.started', plan: reviewPlan, workspaceName: 'todo-app', maxConcurrency: 4, demo: false }],
  ...reviewTasks.map((t, i) => [40 + i * 5, { kind: 'agent.queued', taskId: t.id }] as const),
  ...REVIEW_TIMELINE,
]);
