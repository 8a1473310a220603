/**
 * The live runs for the preview pages, folded from run events like the sidebar folds them: an
 * eight-agent run 48 s in (compact lines, one agent just refused a write to a file another task owns)
 * and the same run cut to five agents (full cards, so the refusal shows on its card).
 */
import type { RunEventBody } from '../../src/core/run/events';
import type { Plan, TaskSpec } from '../../src/core/plan/plan';
import type { RunState } from '../../src/core/run/runState';
import { fold, staged, started, task, text, toolCalls, usage, type Timeline } from './fleetEvents';
import { FIXTURE_NOW } from './fixtureState';

/** The live runs started this long before the preview's clock. */
const LIVE_FOR_MS = 48_000;
const LIVE_T0 = FIXTURE_NOW - LIVE_FOR_MS;

const tool = toolCalls('toolu_f');

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
const LIVE_TIMELINE: Timeline = [
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
