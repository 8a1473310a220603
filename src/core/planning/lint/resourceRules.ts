/**
 * Resource conflicts: who owns shared files.
 *
 * - `ownership-overlap` (from validation) gets a fix. The shared entry goes to the integration-like
 *   task of the two when there is one, else to the first owner in plan order. When the entries differ
 *   (`src/**` against `src/api/user.ts`) the narrower entry goes to the task whose entry covers it, since
 *   narrowing a glob is not a plan edit; when that would take a file away from the integration task, or
 *   neither entry covers the other, there is no fix. A task left owning nothing is merged instead.
 * - `hot-spot-owner` (warning): package.json, lockfiles, route tables and shared barrel files owned by
 *   a task that is not integration-like (a route table may also belong to a routing task, such as the
 *   `domain` pattern's "API routes"). A barrel (`index.ts`, `index.js` …) is shared when it sits at
 *   the top (`index.ts`, `src/index.ts`, `lib/index.ts`) or another task owns something in its folder;
 *   a component's own `index.ts` in a folder only it writes is not a hot spot.
 */
import { findOwnershipOverlaps, formsOverlap, type TaskEntries } from '../../plan/ownership';
import { isWritingTask, type PlanEdit, type PlanFinding, type PlanFix, type TaskSpec } from '../../plan/plan';
import { ownsNormalized, type CheckedPlan } from '../../plan/planCheck';
import { withFix } from './safeFix';
import { entryCovers, folderOf, integrationTask, isIntegrationLike } from './taskTraits';

const MANIFESTS = new Set(['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'npm-shrinkwrap.json', 'bun.lockb']);
const ROUTE_TABLES = new Set(['routes.ts', 'routes.js', 'routes.tsx', 'router.ts', 'router.js', 'router.tsx', 'app.routes.ts', 'urls.py']);
const BARRELS = new Set(['index.ts', 'index.tsx', 'index.js', 'index.jsx', 'index.mjs', 'index.cjs']);
const TOP_FOLDERS = new Set(['', 'src', 'lib']);
/** A routing task ("API routes", "Routing") is the one task that writes the route table. */
const ROUTING = /rout/i;

/** Adds a fix to every `ownership-overlap` finding that can be fixed with plan edits. */
export function fixOwnershipOverlaps(plan: CheckedPlan, workspaceRoot: string, findings: readonly PlanFinding[]): PlanFinding[] {
  return findings.map((f) => (f.code === 'ownership-overlap' && f.fix === undefined ? withFix(f, plan, workspaceRoot, overlapFix(plan, f)) : f));
}

/** A task's entries with their forms, as the overlap check compares them. */
function entriesOf(plan: CheckedPlan, task: TaskSpec): TaskEntries {
  const forms = ownsNormalized(plan, task);
  return { task, entries: task.owns.map((pattern, i) => ({ pattern, form: forms[i] ?? '' })) };
}

function overlapFix(plan: CheckedPlan, finding: PlanFinding): PlanFix | undefined {
  const [firstId, secondId] = finding.tasks;
  const first = plan.tasks.find((t) => t.id === firstId);
  const second = plan.tasks.find((t) => t.id === secondId);
  if (first === undefined || second === undefined) return undefined;
  const preferred = isIntegrationLike(second) && !isIntegrationLike(first) ? second : first;
  const pinned = isIntegrationLike(preferred) ? preferred : undefined;
  const moves: Move[] = [];
  for (const o of findOwnershipOverlaps([entriesOf(plan, first), entriesOf(plan, second)])) {
    const one: Side = { task: o.first, pattern: o.firstPattern, form: o.firstForm };
    const other: Side = { task: o.second, pattern: o.secondPattern, form: o.secondForm };
    const move = resolvePair(one, other, preferred, pinned);
    if (move === undefined) return undefined;
    if (!moves.some((m) => m.path === move.path && m.from.id === move.from.id)) moves.push(move);
  }
  if (moves.length === 0) return undefined;
  const losers = [...new Set(moves.map((m) => m.from))];
  for (const loser of losers) {
    const left = loser.owns.filter((e) => !moves.some((m) => m.from === loser && m.path === e));
    if (left.length === 0) {
      const winner = loser === first ? second : first;
      return { title: `Merge "${loser.id}" into "${winner.id}" (it owns nothing else)`, edits: [{ kind: 'mergeTasks', into: winner.id, from: [loser.id] }] };
    }
  }
  const edits: PlanEdit[] = moves.map((m) => ({ kind: 'moveOwnership', path: m.path, from: m.from.id, to: m.to.id }));
  const target = moves[0]?.to.id ?? preferred.id;
  const paths = [...new Set(moves.map((m) => m.form))].join(', ');
  return { title: moves.every((m) => m.to.id === target) ? `Give ${paths} to ${target}` : `Move ${paths} to one owner`, edits };
}

/** One side of an overlap: the task, its entry as written and in normal form. */
interface Side {
  readonly task: TaskSpec;
  readonly pattern: string;
  readonly form: string;
}

/** An entry (as written) moving from one task to another. */
interface Move {
  readonly path: string;
  readonly form: string;
  readonly from: TaskSpec;
  readonly to: TaskSpec;
}

function moveOf(from: Side, to: Side): Move {
  return { path: from.pattern, form: from.form, from: from.task, to: to.task };
}

function resolvePair(a: Side, b: Side, preferred: TaskSpec, pinned: TaskSpec | undefined): Move | undefined {
  if (a.form === b.form) return preferred === a.task ? moveOf(b, a) : moveOf(a, b);
  // The narrower entry goes to the task whose entry already covers it, unless that strips the integration task.
  if (entryCovers(a.form, b.form) && pinned !== b.task) return moveOf(b, a);
  if (entryCovers(b.form, a.form) && pinned !== a.task) return moveOf(a, b);
  return undefined;
}

/** What kind of shared hot spot an owned entry (in normal form) is, or undefined. */
export function hotSpotKind(form: string, owner: TaskSpec, plan: CheckedPlan): string | undefined {
  const name = form.split('/').pop() ?? '';
  if (MANIFESTS.has(name)) return name === 'package.json' ? 'the package manifest' : 'a lockfile';
  if (ROUTE_TABLES.has(name)) return ROUTING.test(`${owner.role} ${owner.id} ${owner.title}`) ? undefined : 'a route table';
  if (!BARRELS.has(name)) return undefined;
  const folder = folderOf(form);
  if (TOP_FOLDERS.has(folder)) return 'the package entry point';
  const shared = plan.tasks.some(
    (t) =>
      t.id !== owner.id &&
      isWritingTask(t) &&
      ownsNormalized(plan, t).some((e) => folderOf(e).startsWith(`${folder}/`) || folderOf(e) === folder || formsOverlap(e, `${folder}/x`)),
  );
  return shared ? 'a barrel file other tasks add to' : undefined;
}

/** `hot-spot-owner`: shared files owned by a task that is not the integration task. */
export function hotSpotFindings(plan: CheckedPlan, workspaceRoot: string): PlanFinding[] {
  const integration = integrationTask(plan);
  const out: PlanFinding[] = [];
  for (const task of plan.tasks) {
    if (!isWritingTask(task) || isIntegrationLike(task)) continue;
    const forms = ownsNormalized(plan, task);
    for (const [i, entry] of task.owns.entries()) {
      const path = forms[i] ?? '';
      const kind = hotSpotKind(path, task, plan);
      if (kind === undefined) continue;
      const advice = integration
        ? `give it to the integration task "${integration.id}"`
        : 'add an Integration task that owns the shared files (package.json, barrels, route tables) and wires the feature together';
      const finding: PlanFinding = {
        severity: 'warning',
        code: 'hot-spot-owner',
        message: `Task "${task.id}" (${task.role}) owns ${path}, ${kind} that several tasks usually need to change; ${advice}.`,
        tasks: integration ? [task.id, integration.id] : [task.id],
        paths: [entry],
      };
      out.push(withFix(finding, plan, workspaceRoot, integration ? hotSpotFix(task, entry, path, integration) : undefined));
    }
  }
  return out;
}

/** Moves the entry to the integration task, or merges the task into it when the entry is all it owns. */
function hotSpotFix(task: TaskSpec, entry: string, path: string, integration: TaskSpec): PlanFix {
  if (task.owns.length === 1) {
    return {
      title: `Merge "${task.id}" into ${integration.id} (it owns only ${path})`,
      edits: [{ kind: 'mergeTasks', into: integration.id, from: [task.id] }],
    };
  }
  return { title: `Give ${path} to ${integration.id}`, edits: [{ kind: 'moveOwnership', path: entry, from: task.id, to: integration.id }] };
}
