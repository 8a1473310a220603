/**
 * The profile run of fixtureState carried to its end for the preview pages: every agent finishes,
 * more files are staged and the QA review reports, leaving changes waiting for review.
 */
import { initialRunState, reduceRunEvent, type RunState } from '../../src/core/run/runState';
import { staged, started, toolCalls, usage, type Timeline } from './fleetEvents';
import { FIXTURE_T0, fixtureEvents } from './fixtureState';

const tool = toolCalls('toolu_p');

/** The rest of the profile run of fixtureState: every agent finishes, more files are staged, the QA review reports. */
const PROFILE_ENDING: Timeline = [
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
