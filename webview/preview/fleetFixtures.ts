/**
 * More runs for the preview pages, folded from run events like the sidebar folds them: a live
 * eight-agent run (compact lines, one agent just refused a write to a file another task owns), the
 * same run cut to five agents (full cards, so the refusal shows on its card), the profile run of
 * fixtureState carried to its end with changes waiting for review, and a finished review run with
 * its synthesis and report.
 */
import type { RankedFinding, RunEvent, RunEventBody } from '../../src/core/run/events';
import type { Plan, TaskSpec } from '../../src/core/plan/plan';
import type { TokenUsage } from '../../src/core/model/usage';
import { initialRunState, reduceRunEvent, type RunState } from '../../src/core/run/runState';
import { FIXTURE_NOW, FIXTURE_T0, fixtureEvents } from './fixtureState';

const MODEL = 'claude-sonnet-5-5';
/** The live runs started this long before the preview's clock. */
const LIVE_FOR_MS = 48_000;
const LIVE_T0 = FIXTURE_NOW - LIVE_FOR_MS;

function task(id: string, role: string, title: string, phase: TaskSpec['phase'], owns: string[], dependsOn: string[] = []): TaskSpec {
  return { id, role, title, phase, owns, dependsOn, reads: [], instructions: `${title}.` };
}

/** Cost of one turn at Sonnet prices ($3 / $15 per million, cache write 1.25×, read 0.1× input). */
function usage(taskId: string, turn: number, input: number, output: number, cacheRead: number, cacheWrite = 0): RunEventBody {
  const u: TokenUsage = { input, output, cacheRead, cacheWrite };
  const costUsd = (u.input * 3 + u.output * 15 + u.cacheWrite * 3.75 + u.cacheRead * 0.3) / 1_000_000;
  return { kind: 'agent.usage', taskId, model: MODEL, turn, usage: u, costUsd, cacheSavingsUsd: (cacheRead * (3 - 0.3)) / 1_000_000 };
}

const TOOLS = { read: 'read_file', write: 'write_file', edit: 'edit_file', delete: 'delete_file' } as const;
let toolUse = 0;
function tool(taskId: string, verb: keyof typeof TOOLS, path: string): RunEventBody {
  toolUse += 1;
  return { kind: 'agent.toolCall', taskId, toolUseId: `toolu_f${toolUse}`, tool: TOOLS[verb], path, summary: `${verb} ${path}` };
}

function staged(taskId: string, path: string, change: 'create' | 'modify', bytes: number): RunEventBody {
  return { kind: 'file.staged', taskId, path, change, baseHash: change === 'create' ? null : `base-${path}`, proposedHash: `new-${path}`, bytes };
}

const started = (taskId: string): RunEventBody => ({ kind: 'agent.started', taskId, model: MODEL, attempt: 1 });
const text = (taskId: string, t: string): RunEventBody => ({ kind: 'agent.text', taskId, text: t, source: 'thinking' });

/** Folds timed event bodies into a run's state. */
function fold(runId: string, t0: number, timeline: readonly (readonly [number, RunEventBody])[]): RunState {
  const events: RunEvent[] = timeline.map(([ms, body], i) => ({ ...body, runId, seq: i + 1, at: t0 + ms }));
  return events.reduce(reduceRunEvent, initialRunState(runId));
}

const liveTasks: readonly TaskSpec[] = [
  task('store', 'Store', 'Todo model and store with due dates', 'contract', ['src/todo.ts', 'src/store/todoStore.ts']),
  task('api', 'API routes', 'Due-date API routes', 'implement', ['src/api/routes/todos.ts', 'src/api/schema.ts'], ['store']),
  task('list', 'List UI', 'Todo list with due badges', 'implement', ['src/components/todo/TodoList.tsx', 'src/components/todo/DueBadge.tsx'], ['store']),
  task(
    'form',
    'Form UI',
    'Due-date picker in the todo form',
    'implement',
    ['src/components/todo/TodoForm.tsx', 'src/components/todo/DatePicker.tsx'],
    ['store'],
  ),
  task('reminders', 'Reminders', 'Reminder scheduler', 'implement', ['src/reminders/**'], ['store']),
  task('styles', 'Styles', 'Due-date styles', 'implement', ['src/styles/todo.css'], ['store']),
  task('tests', 'Tests', 'Tests for due dates and reminders', 'implement', ['test/todo/**'], ['api', 'list']),
  task('qa', 'QA & edge cases', 'Review the due-date feature', 'validate', []),
];

/** [ms after the start, body]; bodies of tasks outside a cut-down run are dropped. */
const LIVE_TIMELINE: readonly (readonly [number, RunEventBody])[] = [
  [300, started('store')],
  [2_000, tool('store', 'read', 'src/todo.ts')],
  [4_100, usage('store', 1, 2_300, 520, 0, 13_800)],
  [4_600, tool('store', 'edit', 'src/todo.ts')],
  [4_700, staged('store', 'src/todo.ts', 'modify', 1_420)],
  [7_900, tool('store', 'edit', 'src/store/todoStore.ts')],
  [8_000, staged('store', 'src/store/todoStore.ts', 'modify', 3_180)],
  [9_800, usage('store', 2, 2_950, 1_160, 13_800)],
  [
    10_200,
    {
      kind: 'agent.finished',
      taskId: 'store',
      outcome: 'done',
      reason: 'finished',
      summary: 'Todo has an optional dueAt (ISO date) and remindAt; the store sorts by due date and exposes overdue().',
    },
  ],
  [10_400, started('api')],
  [10_450, started('list')],
  [10_500, started('form')],
  [10_550, started('reminders')],
  [10_600, started('styles')],
  [14_200, usage('api', 1, 1_980, 610, 13_800)],
  [14_600, usage('list', 1, 2_040, 540, 13_800)],
  [15_100, usage('form', 1, 1_870, 480, 13_800)],
  [15_400, usage('reminders', 1, 1_760, 450, 13_800)],
  [15_900, usage('styles', 1, 1_520, 390, 13_800)],
  [18_300, tool('styles', 'write', 'src/styles/todo.css')],
  [18_400, staged('styles', 'src/styles/todo.css', 'create', 940)],
  [21_000, tool('api', 'edit', 'src/api/schema.ts')],
  [21_100, staged('api', 'src/api/schema.ts', 'modify', 2_210)],
  [24_500, tool('list', 'write', 'src/components/todo/DueBadge.tsx')],
  [24_600, staged('list', 'src/components/todo/DueBadge.tsx', 'create', 1_260)],
  [27_000, usage('styles', 2, 1_900, 720, 14_400)],
  [
    27_300,
    {
      kind: 'agent.finished',
      taskId: 'styles',
      outcome: 'done',
      reason: 'finished',
      summary: 'Due badges: neutral, soon (amber) and overdue (red) with text labels.',
    },
  ],
  [29_800, usage('list', 2, 2_610, 1_340, 14_400)],
  [31_000, text('list', 'DueBadge is staged. Sorting the list needs a compare on Todo; adding it next to the type.\n')],
  [32_200, tool('list', 'edit', 'src/todo.ts')],
  [
    32_250,
    {
      kind: 'write.denied',
      taskId: 'list',
      path: 'src/todo.ts',
      tool: 'edit_file',
      reason: 'not-owned',
      owner: 'store',
      message: 'you do not own src/todo.ts; its owner is task store',
    },
  ],
  [
    33_000,
    {
      kind: 'agent.retrying',
      taskId: 'reminders',
      cause: 'rate-limited',
      attempt: 1,
      delayMs: 21_000,
      status: 429,
      message: '429 rate_limit_error: This request would exceed the rate limit for output tokens per minute',
    },
  ],
  [35_400, usage('form', 2, 2_480, 1_210, 14_400)],
  [36_000, tool('form', 'write', 'src/components/todo/DatePicker.tsx')],
  [36_100, staged('form', 'src/components/todo/DatePicker.tsx', 'create', 2_870)],
  [40_800, usage('api', 2, 2_720, 1_450, 14_400)],
  [42_600, text('api', 'Schema accepts dueAt and remindAt. Now the PATCH route: reject a remindAt after dueAt.\n')],
  [43_000, tool('api', 'edit', 'src/api/routes/todos.ts')],
  [45_900, tool('form', 'edit', 'src/components/todo/TodoForm.tsx')],
];

function liveRun(runId: string, keep: ReadonlySet<string> | undefined, request: string): RunState {
  const tasks = keep ? liveTasks.filter((t) => keep.has(t.id)).map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => keep.has(d)) })) : liveTasks;
  const plan: Plan = { id: `plan-${runId}`, request, route: 'complex', pattern: 'feature-7', lint: [], tasks: [...tasks] };
  const ids = new Set(tasks.map((t) => t.id));
  const timeline: (readonly [number, RunEventBody])[] = [
    [0, { kind: 'run.started', plan, workspaceName: 'todo-app', maxConcurrency: 8, demo: false }],
    ...tasks.map((t, i) => [40 + i * 5, { kind: 'agent.queued', taskId: t.id }] as const),
    ...LIVE_TIMELINE.filter(([, body]) => !('taskId' in body) || ids.has(body.taskId)),
  ];
  return fold(runId, LIVE_T0, timeline);
}

/** A live run of eight agents, 48 s in: compact lines, the List UI agent just refused a write to src/todo.ts. */
export const liveFleetState: RunState = liveRun(
  'run-2025-06-01-due-dates',
  undefined,
  'Add due dates and reminders to todos: a date picker in the form, due badges in the list, API validation and a reminder scheduler.',
);

/** The same run with five agents: full cards, the refusal on the List UI card where its action shows. */
export const refusedState: RunState = liveRun(
  'run-2025-06-01-due-badges',
  new Set(['store', 'api', 'list', 'form', 'qa']),
  'Add due dates to todos: a date picker in the form, due badges in the list and API validation.',
);

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

const REVIEW_TIMELINE: readonly (readonly [number, RunEventBody])[] = [
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

/** The rest of the profile run of fixtureState: every agent finishes, more files are staged, the QA review reports. */
const PROFILE_ENDING: readonly (readonly [number, RunEventBody])[] = [
  [53_000, staged('component', 'src/components/profile/ProfileForm.tsx', 'create', 3_610)],
  [54_000, usage('component', 3, 3_120, 1_480, 15_020)],
  [
    54_500,
    {
      kind: 'agent.finished',
      taskId: 'component',
      outcome: 'done',
      reason: 'finished',
      summary: 'ProfilePage and ProfileForm render the profile with an Edit button; field errors show under each field.',
    },
  ],
  [55_000, { kind: 'agent.finished', taskId: 'styles', outcome: 'done', reason: 'finished', summary: 'Profile styles and an --avatar-size token.' }],
  [58_000, usage('hooks', 3, 2_410, 1_020, 15_020)],
  [58_500, tool('hooks', 'write', 'src/hooks/useProfile.ts')],
  [58_600, staged('hooks', 'src/hooks/useProfile.ts', 'create', 1_840)],
  [
    60_000,
    {
      kind: 'agent.finished',
      taskId: 'hooks',
      outcome: 'done',
      reason: 'finished',
      summary: 'useProfile loads and saves the profile; validateProfile checks each field.',
    },
  ],
  [61_000, staged('tests', 'test/profile/useProfile.test.ts', 'create', 2_260)],
  [
    62_000,
    { kind: 'agent.finished', taskId: 'tests', outcome: 'done', reason: 'finished', summary: 'Tests for validateProfile and useProfile (mocked apiClient).' },
  ],
  [62_500, started('integration')],
  [66_000, usage('integration', 1, 2_050, 700, 15_020)],
  [66_500, staged('integration', 'src/routes.ts', 'modify', 1_930)],
  [67_000, staged('integration', 'src/components/AccountMenu.tsx', 'modify', 2_480)],
  [
    68_000,
    { kind: 'agent.finished', taskId: 'integration', outcome: 'done', reason: 'finished', summary: 'Route /profile and a Profile link in the account menu.' },
  ],
  [68_500, started('review')],
  [
    74_000,
    {
      kind: 'finding.reported',
      taskId: 'review',
      severity: 'warning',
      message: 'The avatar upload has no size check before it is sent.',
      path: 'src/components/profile/ProfileForm.tsx',
      line: 88,
    },
  ],
  [75_000, usage('review', 1, 3_400, 820, 15_020)],
  [76_000, { kind: 'agent.finished', taskId: 'review', outcome: 'done', reason: 'finished', summary: 'One warning: the avatar upload size.' }],
  [76_200, { kind: 'run.finished', outcome: 'done' }],
];

/** The profile run finished: seven agents done, eleven files waiting for review. */
export const finishedProfileState: RunState = PROFILE_ENDING.reduce(
  (state, [ms, body], i) => reduceRunEvent(state, { ...body, runId: state.runId, seq: fixtureEvents.length + i + 1, at: FIXTURE_T0 + ms }),
  fixtureEvents.reduce(reduceRunEvent, initialRunState(fixtureEvents[0]?.runId ?? 'run')),
);
