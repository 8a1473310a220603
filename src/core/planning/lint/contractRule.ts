/**
 * `missing-contract` (warning): two implement tasks that run side by side both use a type (by the
 * heuristic in `typeNames.ts`) that no contract task mentions and the repository does not already
 * export. Each agent might invent its own version of it. Tasks that wait for each other are fine:
 * the later one sees the earlier one's files. Validators only read, so they are not counted. A
 * warning, not an error: the heuristic reads prose, and a type one task defines in its own file may
 * be all the others need.
 *
 * Names the repository already exports (an existing `export class TodoStore`, `export interface`,
 * `export type`, a re-export, a top-level Python class) are not reported: agents import them. The
 * search is bounded (`workspaceFiles.ts`); when it stops early the finding says so.
 *
 * The fix adds one contract task (`contract`, or `contract-2` … when taken), role Types, owning
 * `src/types.ts` when no task owns it (else `src/contracts/<first-type-kebab>.ts`), listing only the
 * missing types (never one the repository exports), and makes every task that mentions them depend
 * on it. When the file exists, the task adds to it instead of creating it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formsOverlap } from '../../plan/ownership';
import { isWritingTask, type Plan, type PlanEdit, type PlanFinding, type PlanFix, type TaskSpec } from '../../plan/plan';
import { ownsNormalized, type CheckedPlan } from '../../plan/planCheck';
import { withFix } from './safeFix';
import { areOrdered, explicitAncestors } from './taskTraits';
import { mentions, typeNamesIn, valueNamesIn } from './typeNames';
import { workspaceFiles as readWorkspace, type WorkspaceFiles } from './workspaceFiles';

interface MissingType {
  readonly name: string;
  readonly tasks: readonly TaskSpec[];
}

function textOf(task: TaskSpec): string {
  return `${task.title}\n${task.instructions}`;
}

/** Types that parallel implement tasks share without a contract, in order of first mention. */
export function missingContractTypes(plan: Plan): MissingType[] {
  const writers = plan.tasks.filter(isWritingTask);
  const values = new Set(writers.flatMap((t) => [...valueNamesIn(t.instructions)]));
  const candidates: string[] = [];
  for (const task of writers) for (const name of typeNamesIn(task.instructions)) if (!values.has(name) && !candidates.includes(name)) candidates.push(name);
  const contracts = plan.tasks.filter((t) => t.phase === 'contract');
  const ancestors = explicitAncestors(plan);
  const out: MissingType[] = [];
  for (const name of candidates) {
    if (contracts.some((c) => mentions(textOf(c), name))) continue;
    const users = writers.filter((t) => t.phase === 'implement' && mentions(t.instructions, name));
    const parallel = users.some((a, i) => users.slice(i + 1).some((b) => !areOrdered(a, b, ancestors)));
    if (parallel) out.push({ name, tasks: users });
  }
  return out;
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** Whether a writing task owns something that overlaps the path (a normalised file path). */
function isOwned(plan: CheckedPlan, path: string): boolean {
  return plan.tasks.some((t) => isWritingTask(t) && ownsNormalized(plan, t).some((e) => formsOverlap(e, path)));
}

function freeId(plan: Plan): string {
  const taken = new Set(plan.tasks.map((t) => t.id));
  if (!taken.has('contract')) return 'contract';
  let n = 2;
  while (taken.has(`contract-${n}`)) n++;
  return `contract-${n}`;
}

function typesFile(plan: CheckedPlan, firstType: string): string {
  if (!isOwned(plan, 'src/types.ts')) return 'src/types.ts';
  const base = `src/contracts/${kebab(firstType)}`;
  let candidate = `${base}.ts`;
  for (let n = 2; isOwned(plan, candidate); n++) candidate = `${base}-${n}.ts`;
  return candidate;
}

function contractFix(plan: CheckedPlan, workspaceRoot: string, missing: readonly MissingType[]): PlanFix | undefined {
  const first = missing[0];
  if (first === undefined) return undefined;
  const id = freeId(plan);
  const file = typesFile(plan, first.name);
  const exists = existsSync(join(workspaceRoot, file));
  const lines = missing.map((m) => `- \`export interface ${m.name} { … }\` (or \`export type ${m.name} = …\`), used by ${m.tasks.map((t) => t.id).join(', ')}`);
  const task: TaskSpec = {
    id,
    title: `Shared types: ${missing.map((m) => m.name).join(', ')}`,
    phase: 'contract',
    role: 'Types',
    instructions: [
      exists
        ? `Add to ${file} (it exists: keep everything it already exports) the types several tasks share, with exactly these names:`
        : `Create ${file} and export the types several tasks share, with exactly these names:`,
      ...lines,
      'Read what each task above needs from its instructions and give every field an exact type. Types only: no runtime code.',
      'If the repository already defines one of these names, import it and re-export it instead of declaring it again.',
      `The other tasks import these types from ${file} and must not declare their own versions.`,
    ].join('\n'),
    owns: [file],
    reads: [],
    dependsOn: [],
  };
  const users = [...new Set(missing.flatMap((m) => m.tasks.map((t) => t.id)))];
  const edits: PlanEdit[] = [{ kind: 'addTask', task }, ...users.map((u): PlanEdit => ({ kind: 'addDependency', taskId: u, dependsOn: id }))];
  return { title: `Add a contract task "${id}" owning ${file}`, edits };
}

/**
 * `missing-contract` for the plan. `workspace` is the lint pass's shared view of the files (made
 * from `workspaceRoot` when not given); it is read only when some type is missing from the plan.
 */
export function contractFindings(plan: CheckedPlan, workspaceRoot: string, workspace: WorkspaceFiles = readWorkspace(workspaceRoot)): PlanFinding[] {
  const inPlan = missingContractTypes(plan);
  if (inPlan.length === 0) return [];
  const exported = workspace.exportedNames(new Set(inPlan.map((m) => m.name)));
  const missing = inPlan.filter((m) => !exported.found.has(m.name));
  if (missing.length === 0) return [];
  const detail = missing.map((m) => `${m.name} (${m.tasks.map((t) => t.id).join(', ')})`).join('; ');
  const partial = exported.complete ? '' : ' (the search of the repository for them stopped at its size limit)';
  const finding: PlanFinding = {
    severity: 'warning',
    code: 'missing-contract',
    message: `Tasks that run in parallel share types that no contract task defines and the repository does not export${partial}: ${detail}. Each agent may invent its own version; add a contract task that defines them first.`,
    tasks: [...new Set(missing.flatMap((m) => m.tasks.map((t) => t.id)))],
    paths: [],
  };
  return [withFix(finding, plan, workspaceRoot, contractFix(plan, workspaceRoot, missing))];
}
