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
import { findOwnershipOverlaps, normalizeOwnedPattern, patternsOverlap } from '../../ownership';
import { isWritingTask, type Plan, type PlanEdit, type PlanFinding, type PlanFix, type TaskSpec } from '../../plan';
import { withFix } from './safeFix';
import { entryCovers, folderOf, integrationTask, isIntegrationLike } from './taskTraits';

const MANIFESTS = new Set(['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'npm-shrinkwrap.json', 'bun.lockb']);
const ROUTE_TABLES = new Set(['routes.ts', 'routes.js', 'routes.tsx', 'router.ts', 'router.js', 'router.tsx', 'app.routes.ts', 'urls.py']);
const BARRELS = new Set(['index.ts', 'index.tsx', 'index.js', 'index.jsx', 'index.mjs', 'index.cjs']);
const TOP_FOLDERS = new Set(['', 'src', 'lib']);
/** A routing task ("API routes", "Routing") is the one task that writes the route table. */
const ROUTING = /rout/i;

/** Adds a fix to every `ownership-overlap` finding that can be fixed with plan edits. */
export function fixOwnershipOverlaps(plan: Plan, workspaceRoot: string, findings: readonly PlanFinding[]): PlanFinding[] {
  return findings.map((f) => (f.code === 'ownership-overlap' && f.fix === undefined ? withFix(f, plan, workspaceRoot, overlapFix(plan, f)) : f));
}

function overlapFix(plan: Plan, finding: PlanFinding): PlanFix | undefined {
  const [firstId, secondId] = finding.tasks;
  const first = plan.tasks.find((t) => t.id === firstId);
  const second = plan.tasks.find((t) => t.id === secondId);
  if (first === undefined || second === undefined) return undefined;
  const preferred = isIntegrationLike(second) && !isIntegrationLike(first) ? second : first;
  const pinned = isIntegrationLike(preferred) ? preferred : undefined;
  const moves: { path: string; from: TaskSpec; to: TaskSpec }[] = [];
  for (const o of findOwnershipOverlaps([first, second])) {
    const move = resolvePair(o.first, o.firstPattern, o.second, o.secondPattern, preferred, pinned);
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
  const paths = [...new Set(moves.map((m) => normalizeOwnedPattern(m.path)))].join(', ');
  return { title: moves.every((m) => m.to.id === target) ? `Give ${paths} to ${target}` : `Move ${paths} to one owner`, edits };
}

function resolvePair(
  a: TaskSpec,
  aEntry: string,
  b: TaskSpec,
  bEntry: string,
  preferred: TaskSpec,
  pinned: TaskSpec | undefined,
): { path: string; from: TaskSpec; to: TaskSpec } | undefined {
  if (normalizeOwnedPattern(aEntry) === normalizeOwnedPattern(bEntry)) {
    return preferred === a ? { path: bEntry, from: b, to: a } : { path: aEntry, from: a, to: b };
  }
  // The narrower entry goes to the task whose entry already covers it, unless that strips the integration task.
  if (entryCovers(aEntry, bEntry) && pinned !== b) return { path: bEntry, from: b, to: a };
  if (entryCovers(bEntry, aEntry) && pinned !== a) return { path: aEntry, from: a, to: b };
  return undefined;
}

function basename(entry: string): string {
  return normalizeOwnedPattern(entry).split('/').pop() ?? '';
}

/** What kind of shared hot spot an owned entry is, or undefined. */
export function hotSpotKind(entry: string, owner: TaskSpec, plan: Plan): string | undefined {
  const name = basename(entry);
  if (MANIFESTS.has(name)) return name === 'package.json' ? 'the package manifest' : 'a lockfile';
  if (ROUTE_TABLES.has(name)) return ROUTING.test(`${owner.role} ${owner.id} ${owner.title}`) ? undefined : 'a route table';
  if (!BARRELS.has(name)) return undefined;
  const folder = folderOf(entry);
  if (TOP_FOLDERS.has(folder)) return 'the package entry point';
  const shared = plan.tasks.some(
    (t) => t.id !== owner.id && isWritingTask(t) && t.owns.some((e) => folderOf(e).startsWith(`${folder}/`) || folderOf(e) === folder || patternsOverlap(e, `${folder}/x`)),
  );
  return shared ? 'a barrel file other tasks add to' : undefined;
}

/** `hot-spot-owner`: shared files owned by a task that is not the integration task. */
export function hotSpotFindings(plan: Plan, workspaceRoot: string): PlanFinding[] {
  const integration = integrationTask(plan);
  const out: PlanFinding[] = [];
  for (const task of plan.tasks) {
    if (!isWritingTask(task) || isIntegrationLike(task)) continue;
    for (const entry of task.owns) {
      const kind = hotSpotKind(entry, task, plan);
      if (kind === undefined) continue;
      const path = normalizeOwnedPattern(entry);
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
    return { title: `Merge "${task.id}" into ${integration.id} (it owns only ${path})`, edits: [{ kind: 'mergeTasks', into: integration.id, from: [task.id] }] };
  }
  return { title: `Give ${path} to ${integration.id}`, edits: [{ kind: 'moveOwnership', path: entry, from: task.id, to: integration.id }] };
}

