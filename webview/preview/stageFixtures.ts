/**
 * Sidebar snapshots for every stage of Fanout's flow (compose, planning, plan review, run, error),
 * for the stage preview page. The run stage reuses the run view's mid-run fixture; `ended` is that
 * run finished with changes waiting for review, `live8` a live run of eight agents (compact lines),
 * `refused` a live run whose agent was just refused a write, `report` a finished review with its report.
 */
import type { PlanFinding } from '../../src/core/plan/plan';
import type { PatternChoice, RunSummary, SidebarSnapshot, ViewStage } from '../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../src/protocol/version';
import type { RunState } from '../../src/core/run/runState';
import { finishedProfileState } from './finishedProfileFixtures';
import { liveFleetState, refusedState } from './fleetFixtures';
import { FIXTURE_NOW, fixturePlan, fixtureState } from './fixtureState';
import { reviewReportState } from './reviewFixtures';

export { FIXTURE_NOW };

export const previewPatterns: readonly PatternChoice[] = [
  {
    name: 'feature-7',
    title: 'Feature (7 roles)',
    description: 'Types, component, styles, hooks, tests, integration, then a QA review.',
    whenToPick: 'Pick it for a feature that touches types, UI, state and tests.',
    source: 'builtin',
  },
  {
    name: 'domain',
    title: 'By domain',
    description: 'One agent per domain folder, with a shared contract first.',
    whenToPick: 'Pick it when the change spans several domain folders.',
    source: 'builtin',
  },
  {
    name: 'api-first',
    title: 'API first',
    description: 'Schema and client, then handlers and UI in parallel.',
    whenToPick: 'Pick it when the API shape drives the rest.',
    source: 'workspace',
  },
  {
    name: 'claude-md',
    title: 'Team roles from CLAUDE.md',
    description: 'Roles read from the ## Agents section of CLAUDE.md.',
    whenToPick: 'Pick it to split the work the way your team does.',
    source: 'claude-md',
  },
];

const REQUESTS = [
  'Add a dark mode toggle to the settings page',
  'Rate-limit the public search endpoint per API key',
  'Add CSV export to the orders table',
  'Move session storage from cookies to Redis',
  'Show unread counts in the sidebar navigation',
  'Add a user profile page with avatar upload',
  'Paginate the audit log API and its table',
  'Add keyboard shortcuts to the editor toolbar',
];

export const previewHistory: readonly RunSummary[] = REQUESTS.map((request, i) => ({
  runId: `run-${i + 1}`,
  request,
  status: i === 2 ? 'failed' : i === 4 ? 'cancelled' : 'done',
  startedAt: FIXTURE_NOW - (REQUESTS.length - i) * 5_400_000 - i * 120_000,
  wallMs: [184_000, 96_000, 240_000, 132_000, 61_000, 118_000, 88_000, 72_000][i] ?? 60_000,
  speedup: [1.8, 2.4, 1.2, 3.1, 1.6, 3.4, 3.9, 4.2][i] ?? 1,
  costUsd: i === 3 ? null : ([0.62, 0.41, 1.12, 0, 0.18, 0.94, 0.77, 0.53][i] ?? 0),
  agents: [5, 3, 7, 4, 2, 7, 5, 4][i] ?? 3,
  filesStaged: [9, 4, 11, 6, 2, 12, 8, 5][i] ?? 3,
  pendingReview: i === 7 ? 5 : i === 6 ? 2 : 0,
  demo: i === 0,
}));

const findings: readonly PlanFinding[] = [
  {
    severity: 'warning',
    code: 'hot-spot-unowned',
    message: 'src/routes.ts is a routing table several tasks touch; give it to one task.',
    tasks: ['component', 'integration'],
    paths: ['src/routes.ts'],
  },
  {
    severity: 'error',
    code: 'ownership-overlap',
    message: 'src/components/index.ts is owned by both component and integration.',
    tasks: ['component', 'integration'],
    paths: ['src/components/index.ts'],
    fix: {
      title: 'Give src/components/index.ts to integration',
      edits: [{ kind: 'moveOwnership', path: 'src/components/index.ts', from: 'component', to: 'integration' }],
    },
  },
  {
    severity: 'info',
    code: 'fragmentation',
    message: 'Styles owns two small files; merging it into Component saves one agent.',
    tasks: ['styles'],
    paths: [],
    fix: { title: 'Merge styles into component', edits: [{ kind: 'mergeTasks', into: 'component', from: ['styles'] }] },
  },
];

const reviewPlan = {
  ...fixturePlan,
  tasks: fixturePlan.tasks.map((t) =>
    t.id === 'component'
      ? {
          ...t,
          owns: [...t.owns, 'src/components/index.ts'],
          instructions:
            'Create ProfilePage (route /profile) and ProfileForm.\nProfileForm: fields displayName (1–50 chars), bio (≤ 280), avatar (PNG/JPEG ≤ 2 MB); errors from validateProfile under each field.\nExport both from src/components/profile/index.ts.',
        }
      : t.id === 'hooks'
        ? { ...t, model: 'claude-haiku-4-5' }
        : t,
  ),
};

const stages = {
  compose: {
    kind: 'compose',
    draft: 'Add a user profile page where signed-in users can edit their display name, bio and avatar.',
    context: 'Selection from src/components/AccountMenu.tsx:10-24',
  },
  blocked: { kind: 'compose', draft: '' },
  planning: { kind: 'planning', request: fixturePlan.request, step: 'planning' },
  review: {
    kind: 'review',
    review: {
      route: {
        route: 'complex',
        rationale: 'Seven files across types, UI, hooks and routing: a contract plus parallel implementers pays off.',
        overridden: false,
      },
      plan: reviewPlan,
      findings,
      estimate: {
        lowUsd: 0.41,
        highUsd: 4.47,
        lowTokens: 182_000,
        highTokens: 1_240_000,
        unpricedModels: [],
        basis: '7 agents × 3–12 turns, shared context cached after the first agent',
      },
      needsApproval: true,
      models: ['claude-sonnet-5-5', 'claude-haiku-4-5', 'claude-opus-4-1'],
      checks: {
        list: [
          { id: 'typecheck', command: 'npm run typecheck', source: 'manifest', origin: 'package.json script "typecheck"' },
          { id: 'test', command: 'npm test', source: 'manifest', origin: 'package.json script "test"' },
        ],
        source: 'manifest',
        fixRounds: 2,
        approved: false,
        notes: [],
      },
    },
  },
  run: { kind: 'run', runId: fixtureState.runId },
  ended: { kind: 'run', runId: fixtureState.runId },
  live8: { kind: 'run', runId: liveFleetState.runId },
  live8demo: { kind: 'run', runId: liveFleetState.runId },
  refused: { kind: 'run', runId: refusedState.runId },
  report: { kind: 'run', runId: reviewReportState.runId },
  error: {
    kind: 'error',
    request: 'Add CSV export to the orders table',
    message: 'The Anthropic API rejected the key (401 authentication_error). Set a valid API key to run with a real model.',
    action: 'setApiKey',
  },
} satisfies Record<string, ViewStage>;

export type PreviewStage = keyof typeof stages;
export const PREVIEW_STAGES = Object.keys(stages) as PreviewStage[];

/** The run each run stage shows. */
const RUNS: Partial<Record<PreviewStage, RunState>> = {
  run: fixtureState,
  ended: finishedProfileState,
  live8: liveFleetState,
  // The same run in demo mode (its header carries the Demo chip); not in the build's list, picked by `?stage=live8demo`.
  live8demo: { ...liveFleetState, demo: true },
  refused: refusedState,
  report: reviewReportState,
};

/** The snapshot the host would send for `stage`. */
export function previewSnapshot(stage: PreviewStage): SidebarSnapshot {
  const run = RUNS[stage];
  return {
    protocol: PROTOCOL_VERSION,
    seq: 1,
    workspace: stage === 'blocked' ? { kind: 'untrusted', name: 'acme-web' } : { kind: 'ready', name: 'acme-web' },
    demoMode: stage === 'compose',
    patterns: previewPatterns,
    stage: stages[stage],
    ...(run ? { run } : {}),
    history: stage === 'blocked' ? [] : previewHistory,
  };
}
