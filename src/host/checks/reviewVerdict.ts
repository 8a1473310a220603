/**
 * What the review of staged changes says about a run's checks: the verdict an agent's SCM group
 * shows ("Types · 2 files · checks failing"), and the warning an accept of files from an agent whose
 * checks still fail asks first ("Checks still fail for Types: test, typecheck (3 problems in its
 * files). Accept anyway?"). Pure: the review passes the run's `ChecksState` in.
 */
import type { ChecksState } from '../../core/run/runState';

export type AgentChecks = 'passing' | 'failing';

/**
 * An agent's checks: `failing` when the run's checks fail on its files (or fail with no owner, which
 * holds against every agent), `passing` when the run's checks pass; undefined when the run had no
 * verdict or its failures point at other agents only.
 */
export function agentChecks(checks: ChecksState | undefined, taskId: string): AgentChecks | undefined {
  if (checks?.verdict === undefined) return undefined;
  if (checks.verdict === 'passing') return 'passing';
  const owners = checks.failingOwners ?? [];
  if (owners.length === 0 || owners.includes(taskId)) return 'failing';
  return undefined;
}

export interface FailingAgent {
  readonly taskId: string;
  readonly title: string;
  /** The failing checks that point at its files (all failing ones when the failure has no owner). */
  readonly checks: readonly string[];
  /** Problems of those checks in its files (of the diagnostics kept on the run state). */
  readonly problems: number;
}

/** The agents among `taskIds` whose checks still fail, in the order given. */
export function failingAgents(checks: ChecksState | undefined, agents: readonly { readonly taskId: string; readonly title: string }[]): FailingAgent[] {
  if (!checks) return [];
  const failing = checks.failing ?? [];
  return agents.flatMap((agent): FailingAgent[] => {
    if (agentChecks(checks, agent.taskId) !== 'failing') return [];
    const own = failing.filter((id) => checks.byId[id]?.diagnostics.some((d) => d.owner === agent.taskId));
    const problems = own.reduce((sum, id) => sum + (checks.byId[id]?.diagnostics.filter((d) => d.owner === agent.taskId).length ?? 0), 0);
    return [{ taskId: agent.taskId, title: agent.title, checks: own.length > 0 ? own : failing, problems }];
  });
}

/** A file an accept would take: its run, its author and the author's title. */
export interface AcceptedFile {
  readonly runId: string;
  readonly taskId: string;
  readonly agentTitle: string;
}

/** The authors of `files` whose run's checks still fail on their files, run by run, in the order met. */
export function failingAuthors(runs: { checksOf(runId: string): ChecksState | undefined }, files: readonly AcceptedFile[]): FailingAgent[] {
  const byRun = new Map<string, Map<string, string>>();
  for (const f of files) {
    const agents = byRun.get(f.runId) ?? new Map<string, string>();
    agents.set(f.taskId, f.agentTitle);
    byRun.set(f.runId, agents);
  }
  return [...byRun].flatMap(([runId, agents]) =>
    failingAgents(
      runs.checksOf(runId),
      [...agents].map(([taskId, title]) => ({ taskId, title })),
    ),
  );
}

function describe(agent: FailingAgent): string {
  const names = agent.checks.length > 0 ? `: ${agent.checks.join(', ')}` : '';
  const problems = agent.problems > 0 ? ` (${agent.problems} problem${agent.problems === 1 ? '' : 's'} in its files)` : '';
  return `${agent.title}${names}${problems}`;
}

/** The question an accept asks when checks still fail for some of its agents; undefined when none. */
export function acceptWarning(failing: readonly FailingAgent[]): string | undefined {
  if (failing.length === 0) return undefined;
  return `Checks still fail for ${failing.map(describe).join('; ')}. Accept anyway?`;
}

export const ACCEPT_ANYWAY = 'Accept Anyway';
