/**
 * What each agent of a run is doing, in words the run view shows first: agents grouped by activity
 * while the run is live (working, queued, ended), the action an agent is on split into its verb and
 * path, and a refused write told as what it was ("Refused: edit src/todo.ts (owned by Store)").
 * Pure, so the cards, the compact rows and the tests agree.
 */
import type { AgentState, AgentStatus, DeniedWrite } from '../../src/core/run/runState';
import { cutPathMiddle } from '../format';

export type ActivityId = 'working' | 'queued' | 'ended';

export interface ActivityGroup {
  readonly id: ActivityId;
  readonly label: string;
  /** In plan order. */
  readonly agents: readonly AgentState[];
}

const ACTIVITY_OF: Readonly<Record<AgentStatus, ActivityId>> = {
  running: 'working',
  waiting: 'working',
  retrying: 'working',
  queued: 'queued',
  blocked: 'ended',
  done: 'ended',
  failed: 'ended',
  cancelled: 'ended',
};

export const ACTIVITY_LABEL: Readonly<Record<ActivityId, string>> = {
  working: 'Working',
  queued: 'Queued',
  ended: 'Ended',
};

const ACTIVITY_ORDER: readonly ActivityId[] = ['working', 'queued', 'ended'];

/** Agents of a live run by what they are doing: the ones at work first, then the queued, then those that ended. Empty groups are left out. */
export function activityGroups(agents: readonly AgentState[]): readonly ActivityGroup[] {
  return ACTIVITY_ORDER.map((id) => ({ id, label: ACTIVITY_LABEL[id], agents: agents.filter((a) => ACTIVITY_OF[a.status] === id) })).filter(
    (group) => group.agents.length > 0,
  );
}

/** Runs with more agents than this show one compact line per agent, each expandable to its card. */
export const COMPACT_AFTER = 6;

/** An action as its verb and the path it touches: "edit" + "src/todo.ts"; no path for "search …", "finish". */
export interface ActionParts {
  readonly verb: string;
  readonly path?: string;
}

const PATH_VERBS: ReadonlySet<string> = new Set(['read', 'write', 'edit', 'delete']);

/** Splits a tool call's summary ("edit src/todo.ts", "read src/a.ts:1-40") into verb and path. */
export function actionParts(doing: string): ActionParts {
  const space = doing.indexOf(' ');
  const verb = space < 0 ? doing : doing.slice(0, space);
  const rest = space < 0 ? '' : doing.slice(space + 1);
  return PATH_VERBS.has(verb) && rest !== '' && !/\s/.test(rest) ? { verb, path: rest } : { verb: doing };
}

/** The verb a write tool's name stands for: write_file → write. */
export function toolVerb(tool: string): string {
  return tool.replace(/_file$/, '');
}

/** Why a write was refused, after its path: "(owned by Store)", "(outside the workspace)". */
const DENIAL_TEXT: Readonly<Record<string, string>> = {
  'not-owned': 'not a file this task owns',
  'outside-workspace': 'outside the workspace',
  'absolute-path': 'an absolute path',
  'symlink-escape': 'a link that leaves the workspace',
  'git-internal': 'inside .git',
  binary: 'a binary file',
  'too-large': 'too large',
  'not-a-file': 'not a file',
  sensitive: 'an execution-sensitive file',
  'path-conflict': 'clashes with another staged path',
  'invalid-path': 'not a valid path',
};

/** The latest write an agent was refused, told as what it was. */
export interface Refusal {
  /** The denied write's event seq (it tells two refusals apart). */
  readonly seq: number;
  readonly verb: string;
  readonly path: string;
  /** "owned by Store", "outside the workspace". */
  readonly why: string;
  /** The engine's own words, for the tooltip. */
  readonly message: string;
  /** Writes this agent was refused in all. */
  readonly count: number;
  /** The refused call is the agent's current action (nothing happened since). */
  readonly current: boolean;
}

/**
 * The latest write `agent` was refused, or undefined when none was. `nameOf` names the task that
 * owns the path (its role). Current while the agent is live and its last action is the refused one.
 */
export function refusalOf(agent: AgentState, denied: readonly DeniedWrite[], nameOf: (taskId: string) => string): Refusal | undefined {
  let latest: DeniedWrite | undefined;
  let count = 0;
  for (const d of denied) {
    if (d.taskId !== agent.taskId) continue;
    count += 1;
    if (latest === undefined || d.seq > latest.seq) latest = d;
  }
  if (latest === undefined) return undefined;
  const verb = toolVerb(latest.tool);
  const why = latest.reason === 'not-owned' && latest.owner !== undefined ? `owned by ${nameOf(latest.owner)}` : (DENIAL_TEXT[latest.reason] ?? latest.reason);
  const live = agent.status === 'running' || agent.status === 'waiting' || agent.status === 'retrying';
  return {
    seq: latest.seq,
    verb,
    path: latest.path,
    why,
    message: latest.message,
    count: Math.max(count, agent.deniedWrites),
    current: live && agent.doing !== undefined && sameAction(agent.doing, verb, latest.path),
  };
}

function sameAction(doing: string, verb: string, path: string): boolean {
  const parts = actionParts(doing);
  return parts.verb === verb && parts.path === path;
}

/** "Refused: edit src/todo.ts (owned by Store)", the path cut in its middle to `maxPath` characters. */
export function refusalText(refusal: Refusal, maxPath = Number.POSITIVE_INFINITY): string {
  return `Refused: ${refusal.verb} ${cutPathMiddle(refusal.path, maxPath)} (${refusal.why})`;
}

/** Two refusals that read the same (so a card need not re-render for a new object). */
export function sameRefusal(a: Refusal | undefined, b: Refusal | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.seq === b.seq && a.current === b.current && a.count === b.count && a.why === b.why;
}
