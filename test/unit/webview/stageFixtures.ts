/** Fixtures for the tests of Fanout's sidebar stages: snapshots, a plan and its review, history rows, events. */
import type { RunEvent, RunEventBody } from '../../../src/core/run/events';
import type { Plan, PlanFinding, TaskSpec } from '../../../src/core/plan/plan';
import type { PlanReview, RunSummary, SidebarSnapshot, ViewStage, WebviewToHost } from '../../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../../src/protocol/version';

export function snapshot(stage: ViewStage, patch: Partial<SidebarSnapshot> = {}): SidebarSnapshot {
  return {
    protocol: PROTOCOL_VERSION,
    seq: 1,
    workspace: { kind: 'ready', name: 'acme' },
    demoMode: false,
    patterns: [],
    stage,
    history: [],
    ...patch,
  };
}

export function task(id: string, phase: TaskSpec['phase'], owns: string[], dependsOn: string[] = []): TaskSpec {
  return { id, title: `Task ${id}`, role: id[0]?.toUpperCase() + id.slice(1), phase, instructions: `Do ${id}.`, owns, reads: [], dependsOn };
}

export const plan: Plan = {
  id: 'plan-1',
  request: 'Add a profile page',
  route: 'complex',
  tasks: [
    task('types', 'contract', ['src/types.ts']),
    task('ui', 'implement', ['src/ui.tsx', 'src/index.ts'], ['types']),
    task('api', 'implement', ['src/api.ts'], ['types']),
    task('qa', 'validate', []),
  ],
  lint: [],
};

export function review(patch: Partial<PlanReview> = {}): PlanReview {
  return {
    route: { route: 'complex', rationale: 'Several layers change.', overridden: false },
    plan,
    findings: [],
    estimate: { lowUsd: 0.41, highUsd: 4.47, lowTokens: 100_000, highTokens: 900_000, unpricedModels: [], basis: '4 agents' },
    needsApproval: false,
    models: ['claude-sonnet-5-5', 'claude-haiku-4-5'],
    checks: { list: [], fixRounds: 2, approved: false, notes: [] },
    ...patch,
  };
}

export const warning: PlanFinding = {
  severity: 'warning',
  code: 'hot-spot',
  message: 'src/index.ts is a barrel file.',
  tasks: ['ui'],
  paths: ['src/index.ts'],
};
export const error: PlanFinding = {
  severity: 'error',
  code: 'ownership-overlap',
  message: 'src/index.ts is owned by both ui and api.',
  tasks: ['ui', 'api'],
  paths: ['src/index.ts'],
  fix: { title: 'Give src/index.ts to api', edits: [{ kind: 'moveOwnership', path: 'src/index.ts', from: 'ui', to: 'api' }] },
};

export function summary(i: number, patch: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: `run-${i}`,
    request: `Request number ${i}`,
    status: 'done',
    startedAt: 1_700_000_000_000 + i * 3_600_000,
    wallMs: 60_000 + i * 1000,
    speedup: 1 + i / 2,
    costUsd: 0.5 + i / 10,
    agents: 3,
    filesStaged: 4,
    pendingReview: 0,
    demo: false,
    ...patch,
  };
}

/** Stamps bodies as events of `runId`, seq from `firstSeq`. */
export function events(runId: string, bodies: readonly RunEventBody[], firstSeq = 1, at = 1_700_000_000_000): RunEvent[] {
  return bodies.map((body, i) => ({ ...body, runId, seq: firstSeq + i, at: at + i * 100 }));
}

/** Collects what a view posts to the host. */
export function recorder(): { readonly posted: WebviewToHost[]; readonly post: (message: WebviewToHost) => void } {
  const posted: WebviewToHost[] = [];
  return { posted, post: (message) => posted.push(message) };
}
