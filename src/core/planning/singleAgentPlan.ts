/**
 * Plans without a planning call, for requests one agent handles:
 *
 * - trivial: one specialist task that owns exactly the files the request names. A trivial request
 *   that names no file is refused: a specialist with no files would either do nothing or need the
 *   whole workspace, which is what "moderate" is for.
 * - moderate: one implement task that owns the files the request names; when it names none, the
 *   task owns `**` (the whole workspace). That is safe: with a single writer ownership cannot
 *   overlap, the path policy still refuses `.git`, escapes and symlinks out, and every write is
 *   staged for review instead of touching the workspace.
 */
import type { Plan, Route, TaskSpec } from '../plan/plan';
import { PlanningError } from './errors';
import { normalizeNamedFiles } from './namedFiles';
import { definedFields } from '../definedFields';

/** What a moderate task owns when the request names no files. */
export const WHOLE_WORKSPACE = '**';
const MAX_TITLE = 80;

export interface SingleAgentPlanOptions {
  readonly request: string;
  readonly route: Exclude<Route, 'complex'>;
  /** Files the request names (router or request text). */
  readonly files: readonly string[];
  readonly pattern?: string;
  readonly id?: string;
}

export function singleAgentPlan(options: SingleAgentPlanOptions): Plan {
  const request = options.request.trim();
  const files = normalizeNamedFiles(options.files);
  if (options.route === 'trivial' && files.length === 0) {
    throw new PlanningError(
      'no-files',
      'A trivial request goes to one agent that may change only the files the request names, and this request names none. Name the files (for example "in src/app.ts, …"), or choose the moderate or complex route.',
    );
  }
  const owns = files.length > 0 ? files : [WHOLE_WORKSPACE];
  const task: TaskSpec = {
    id: options.route === 'trivial' ? 'specialist' : 'implement',
    title: titleOf(request),
    phase: 'implement',
    role: options.route === 'trivial' ? 'Specialist' : 'Implementer',
    instructions: instructionsFor(request, options.route, files),
    owns,
    reads: [],
    dependsOn: [],
  };
  return {
    id: options.id ?? `plan-${Date.now().toString(36)}`,
    request,
    route: options.route,
    ...definedFields({ pattern: options.pattern }),
    tasks: [task],
    lint: [],
  };
}

function titleOf(request: string): string {
  const line = (request.split('\n')[0] ?? '').trim();
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1)}…` : line;
}

function instructionsFor(request: string, route: Exclude<Route, 'complex'>, files: readonly string[]): string {
  const scope =
    files.length > 0
      ? `Change only these paths: ${files.join(', ')}. If the request cannot be done without touching other files, do what you can within them and say in your finish summary which other changes are needed.`
      : 'You may change any file in the workspace, but keep the change as small as the request allows: touch only the files it needs, and list them in your finish summary.';
  const kind =
    route === 'trivial'
      ? 'This is a small, local change: make exactly what is asked, nothing more.'
      : 'This is a focused change for one agent: read the code involved first, follow the project conventions, and update or add tests next to the code you change when the project has them.';
  return `The request:\n${request}\n\n${kind}\n${scope}`;
}
