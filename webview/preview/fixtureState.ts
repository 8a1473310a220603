/**
 * A realistic Fanout run mid-flight, built the way the sidebar builds it: by folding run events
 * through `reduceRunEvent`. A feature-7 plan (a profile page) 52 s in: the Types contract is done,
 * four implementers are running (Hooks is waiting out a 429), Integration and the reviewer are
 * queued, five files are staged and one write was denied. Used by the preview page.
 */
import type { RunEvent, RunEventBody } from '../../src/core/run/events';
import type { Plan, TaskSpec } from '../../src/core/plan/plan';
import { initialRunState, reduceRunEvent, type RunState } from '../../src/core/run/runState';
import type { TokenUsage } from '../../src/core/model/usage';

export const FIXTURE_RUN_ID = 'run-2025-06-01-profile';
export const FIXTURE_T0 = Date.UTC(2025, 5, 1, 9, 30, 0);
/** The preview's clock: 52 s into the run. */
export const FIXTURE_NOW = FIXTURE_T0 + 52_000;

const MODEL = 'claude-sonnet-5-5';

function task(id: string, role: string, title: string, phase: TaskSpec['phase'], owns: string[], dependsOn: string[] = []): TaskSpec {
  return { id, role, title, phase, owns, dependsOn, reads: [], instructions: `${title}.` };
}

export const fixturePlan: Plan = {
  id: 'plan-profile',
  request:
    'Add a user profile page where signed-in users can view and edit their display name, bio and avatar, with client-side validation and a link from the account menu.',
  route: 'complex',
  pattern: 'feature-7',
  lint: [],
  tasks: [
    task('types', 'Types', 'Profile types', 'contract', ['src/types/profile.ts', 'src/types/user.ts', 'src/types/profileStub.ts']),
    task(
      'component',
      'Component',
      'Profile page and form',
      'implement',
      ['src/components/profile/ProfilePage.tsx', 'src/components/profile/ProfileForm.tsx'],
      ['types'],
    ),
    task('styles', 'Styles', 'Profile styles', 'implement', ['src/components/profile/profile.module.css', 'src/styles/tokens.css'], ['types']),
    task('hooks', 'Hooks & utilities', 'Profile hook and validation', 'implement', ['src/hooks/useProfile.ts', 'src/utils/validateProfile.ts'], ['types']),
    task('tests', 'Tests', 'Profile tests', 'implement', ['test/profile/**'], ['types']),
    task(
      'integration',
      'Integration',
      'Routing, menu link and exports',
      'implement',
      ['src/routes.ts', 'src/components/index.ts', 'src/components/AccountMenu.tsx'],
      ['component', 'hooks'],
    ),
    task('review', 'QA & edge cases', 'Review the profile feature', 'validate', []),
  ],
};

/** Cost of one turn at Sonnet prices ($3 / $15 per million, cache write 1.25×, read 0.1× input). */
function cost(u: TokenUsage): number {
  return (u.input * 3 + u.output * 15 + u.cacheWrite * 3.75 + u.cacheRead * 0.3) / 1_000_000;
}

function usage(taskId: string, turn: number, input: number, output: number, cacheRead: number, cacheWrite = 0): RunEventBody {
  const u: TokenUsage = { input, output, cacheRead, cacheWrite };
  return { kind: 'agent.usage', taskId, model: MODEL, turn, usage: u, costUsd: cost(u), cacheSavingsUsd: (cacheRead * (3 - 0.3)) / 1_000_000 };
}

let toolUse = 0;
function tool(taskId: string, name: string, path: string): RunEventBody {
  toolUse += 1;
  return { kind: 'agent.toolCall', taskId, toolUseId: `toolu_${toolUse}`, tool: name, path, summary: `${name} ${path}` };
}

function staged(taskId: string, path: string, change: 'create' | 'modify' | 'delete', bytes: number): RunEventBody {
  return {
    kind: 'file.staged',
    taskId,
    path,
    change,
    baseHash: change === 'create' ? null : `base-${path}`,
    proposedHash: change === 'delete' ? null : `new-${path}`,
    bytes,
  };
}

const text = (taskId: string, t: string): RunEventBody => ({ kind: 'agent.text', taskId, text: t });
const started = (taskId: string): RunEventBody => ({ kind: 'agent.started', taskId, model: MODEL, attempt: 1 });

/** [ms after the run started, event body], in order. */
const TIMELINE: readonly (readonly [number, RunEventBody])[] = [
  [0, { kind: 'run.started', plan: fixturePlan, workspaceName: 'acme-web', maxConcurrency: 8, demo: false }],
  ...fixturePlan.tasks.map((t, i) => [40 + i * 5, { kind: 'agent.queued', taskId: t.id }] as const),
  [300, started('types')],
  [1_900, text('types', 'Reading the existing user types to keep the naming consistent.\n')],
  [2_100, tool('types', 'read', 'src/types/user.ts')],
  [4_600, usage('types', 1, 2_140, 412, 0, 14_210)],
  [5_200, tool('types', 'write', 'src/types/profile.ts')],
  [5_300, staged('types', 'src/types/profile.ts', 'create', 1_184)],
  [8_900, tool('types', 'edit', 'src/types/user.ts')],
  [9_000, staged('types', 'src/types/user.ts', 'modify', 2_310)],
  [11_600, tool('types', 'delete', 'src/types/profileStub.ts')],
  [11_700, staged('types', 'src/types/profileStub.ts', 'delete', 0)],
  [13_900, usage('types', 2, 3_020, 1_288, 14_210)],
  [
    14_800,
    {
      kind: 'agent.finished',
      taskId: 'types',
      outcome: 'done',
      reason: 'finished',
      summary: 'Added UserProfile, ProfileUpdate and ProfileFieldError; re-exported them from src/types/user.ts and removed the old stub.',
    },
  ],
  [15_000, started('component')],
  [15_100, started('styles')],
  [15_200, started('hooks')],
  [15_300, started('tests')],
  [18_400, usage('component', 1, 1_910, 633, 14_210)],
  [18_700, usage('styles', 1, 1_450, 402, 14_210)],
  [19_100, usage('hooks', 1, 1_780, 520, 14_210)],
  [19_600, usage('tests', 1, 1_620, 488, 14_210)],
  [21_000, tool('styles', 'write', 'src/components/profile/profile.module.css')],
  [21_100, staged('styles', 'src/components/profile/profile.module.css', 'create', 862)],
  [24_800, tool('component', 'write', 'src/components/profile/ProfilePage.tsx')],
  [24_900, staged('component', 'src/components/profile/ProfilePage.tsx', 'create', 2_940)],
  [27_500, tool('hooks', 'write', 'src/utils/validateProfile.ts')],
  [27_600, staged('hooks', 'src/utils/validateProfile.ts', 'create', 1_310)],
  [
    30_200,
    { kind: 'agent.retrying', taskId: 'hooks', cause: 'overloaded', attempt: 1, delayMs: 2_000, status: 529, message: '529 overloaded_error: Overloaded' },
  ],
  [32_900, usage('hooks', 2, 2_260, 845, 15_020)],
  [33_400, tool('tests', 'write', 'test/profile/validateProfile.test.ts')],
  [33_500, staged('tests', 'test/profile/validateProfile.test.ts', 'create', 1_980)],
  [36_100, tool('component', 'write', 'src/components/index.ts')],
  [
    36_150,
    {
      kind: 'write.denied',
      taskId: 'component',
      path: 'src/components/index.ts',
      tool: 'write',
      reason: 'not-owned',
      owner: 'integration',
      message: 'you do not own src/components/index.ts; its owner is task integration',
    },
  ],
  [
    38_000,
    text(
      'component',
      'The barrel export belongs to integration, so I will leave src/components/index.ts alone.\nNow the form: fields for display name, bio and avatar, with errors from validateProfile under each field.\n',
    ),
  ],
  [39_200, usage('component', 2, 2_840, 1_730, 15_020)],
  [40_500, tool('styles', 'edit', 'src/styles/tokens.css')],
  [40_600, staged('styles', 'src/styles/tokens.css', 'modify', 3_402)],
  [41_000, text('styles', 'Adding an --avatar-size token next to the spacing scale; the avatar class uses it.\n')],
  [42_700, usage('tests', 2, 2_410, 1_150, 15_020)],
  [43_800, text('tests', 'validateProfile cases are staged. Next: useProfile with a mocked apiClient, checking the PATCH body.\n')],
  [44_500, tool('component', 'edit', 'src/components/profile/ProfileForm.tsx')],
  [
    46_000,
    {
      kind: 'agent.retrying',
      taskId: 'hooks',
      cause: 'rate-limited',
      attempt: 1,
      delayMs: 12_000,
      status: 429,
      message: '429 rate_limit_error: This request would exceed the rate limit for output tokens per minute',
    },
  ],
  [47_300, tool('tests', 'write', 'test/profile/useProfile.test.ts')],
  [48_900, tool('styles', 'read', 'src/components/profile/ProfilePage.tsx')],
  [50_200, text('styles', 'Checking the class names ProfilePage uses so container, field, error and avatar all exist.\n')],
];

export const fixtureEvents: readonly RunEvent[] = TIMELINE.map(([ms, body], i) => ({
  ...body,
  runId: FIXTURE_RUN_ID,
  seq: i + 1,
  at: FIXTURE_T0 + ms,
}));

export const fixtureState: RunState = fixtureEvents.reduce(reduceRunEvent, initialRunState(FIXTURE_RUN_ID));
