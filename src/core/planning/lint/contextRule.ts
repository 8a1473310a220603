/**
 * Context the agents carry several times over, or get only part of (all warnings, no fixes):
 *
 * - `context-duplication`: three or more tasks carry the same large instructions. Either at least
 *   `SHARED_CHARS` characters of identical lines or sentences (whitespace folded) held by every one
 *   of them, or instructions of `SIMILAR_MIN_CHARS`+ characters that are at least `SIMILAR_SHARE`
 *   the same by word 3-grams (shared 3-grams over the larger set). Each agent's brief carries its
 *   own copy.
 * - `context-broad-reads`: a writing task that owns only one or two files lists in `reads` the whole
 *   repository (`**`, `**\/*`, `*`, `.`, a `**\/*.ts` with no folder … covering `WHOLE_REPO_FILES`+
 *   files) or a folder or glob covering `BROAD_FILES`+ files (`src/**` over a large tree). `reads`
 *   tells the agent what to read first; the whole tree is not a brief.
 * - `context-instructions-cut`: CLAUDE.md, AGENTS.md or .github/copilot-instructions.md is longer
 *   than the cap the agents get of each (`instructions.ts`); the finding names the file, its size
 *   and what the agents get. There is no setting for the cap; plan review lets the user choose
 *   which sections of the file go in instead. When they did (`LintOptions.instructionSections`), the
 *   finding is a note saying what the selection keeps (and what it leaves out) instead.
 *
 * Work is bounded: instructions are read up to `MAX_INSTRUCTION_CHARS` per task, and files are
 * counted from the lint pass's bounded listing (`workspaceFiles.ts`).
 */
import { isWritingTask, type PlanFinding, type TaskSpec } from '../../plan/plan';
import { matchesOwnedForm, normalizeOwnedPattern } from '../../plan/ownership';
import { ownsNormalized, type CheckedPlan } from '../../plan/planCheck';
import { hasGlobSyntax } from '../../plan/globIntersect';
import { instructionCuts, type InstructionsCut, type PickedSections } from '../instructions';
import { MAX_SELECTED_INSTRUCTIONS_BYTES, sectionList } from '../instructionSections';
import type { InstructionSectionPicks } from '../types';
import { isConcreteFile } from './taskTraits';
import type { WorkspaceFiles } from './workspaceFiles';

/** Identical characters three or more tasks share before it is reported. */
export const SHARED_CHARS = 1_500;
/** How alike two instructions must be (shared word 3-grams over the larger set), and how long each. */
export const SIMILAR_SHARE = 0.8;
export const SIMILAR_MIN_CHARS = 800;
/** Tasks that must share the text. */
const MIN_TASKS = 3;
/** Files a whole-repository `reads` entry, or any other entry, must cover to be reported. */
export const WHOLE_REPO_FILES = 20;
export const BROAD_FILES = 200;
/** Instruction characters read per task; shared segments and groups compared. */
const MAX_INSTRUCTION_CHARS = 64 * 1024;
const MAX_SHARED_SEGMENTS = 2_000;
const MAX_GROUPS = 200;
/** A line or sentence shorter than this ("Types only.") is too common to count as duplication. */
const MIN_SEGMENT_CHARS = 24;
const SHINGLE_WORDS = 3;
/** Entries that name the whole repository, in normal form ('' is `.` or `./`). */
const WHOLE_FORMS = new Set(['', '*', '**', '**/*']);

export function contextFindings(
  plan: CheckedPlan,
  workspaceRoot: string,
  workspace: WorkspaceFiles,
  instructionSections?: InstructionSectionPicks,
): PlanFinding[] {
  return [...duplicationFindings(plan), ...broadReadsFindings(plan, workspace), ...instructionsCutFindings(workspaceRoot, instructionSections)];
}

function number(n: number): string {
  return n.toLocaleString('en-US');
}

function idList(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}

/** Lines, then sentences, whitespace folded; short ones dropped. Each once. */
function segmentsOf(instructions: string): Set<string> {
  const out = new Set<string>();
  for (const line of instructions.slice(0, MAX_INSTRUCTION_CHARS).split('\n')) {
    for (const sentence of line.split(/(?<=[.!?])\s+/)) {
      const folded = sentence.replace(/\s+/g, ' ').trim();
      if (folded.length >= MIN_SEGMENT_CHARS) out.add(folded);
    }
  }
  return out;
}

interface Group {
  readonly ids: readonly string[];
  readonly chars: number;
}

/** Groups of 3+ tasks holding `SHARED_CHARS`+ identical characters, largest groups first, none inside another. */
function verbatimGroups(tasks: readonly TaskSpec[]): Group[] {
  const holders = new Map<string, Set<string>>();
  for (const task of tasks) {
    for (const segment of segmentsOf(task.instructions)) {
      const ids = holders.get(segment) ?? new Set<string>();
      ids.add(task.id);
      holders.set(segment, ids);
    }
  }
  const shared = [...holders].filter(([, ids]) => ids.size >= MIN_TASKS).slice(0, MAX_SHARED_SEGMENTS);
  const keys = new Map<string, readonly string[]>();
  for (const [, ids] of shared) {
    const sorted = [...ids].sort();
    if (keys.size < MAX_GROUPS) keys.set(sorted.join('\u0000'), sorted);
  }
  const candidates = [...keys.values()].map((ids): Group => {
    const chars = shared.filter(([, holding]) => ids.every((id) => holding.has(id))).reduce((sum, [segment]) => sum + segment.length, 0);
    return { ids, chars };
  });
  candidates.sort((a, b) => b.ids.length - a.ids.length || b.chars - a.chars);
  const out: Group[] = [];
  for (const group of candidates) {
    if (group.chars < SHARED_CHARS) continue;
    if (out.some((o) => group.ids.every((id) => o.ids.includes(id)))) continue;
    out.push(group);
  }
  return out;
}

function shinglesOf(instructions: string): Set<string> {
  const words = instructions
    .slice(0, MAX_INSTRUCTION_CHARS)
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

function likeness(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (large.size === 0) return 0;
  let common = 0;
  for (const s of small) if (large.has(s)) common++;
  return common / large.size;
}

/** Groups (connected by pairs `SIMILAR_SHARE` alike) of 3+ tasks with long instructions, in plan order. */
function similarGroups(tasks: readonly TaskSpec[]): TaskSpec[][] {
  const long = tasks.filter((t) => t.instructions.length >= SIMILAR_MIN_CHARS);
  const shingles = long.map((t) => shinglesOf(t.instructions));
  const parent = long.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    return root;
  };
  for (let i = 0; i < long.length; i++) {
    for (let j = i + 1; j < long.length; j++) {
      if (likeness(shingles[i], shingles[j]) >= SIMILAR_SHARE) parent[find(j)] = find(i);
    }
  }
  const byRoot = new Map<number, TaskSpec[]>();
  long.forEach((task, i) => byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), task]));
  return [...byRoot.values()].filter((group) => group.length >= MIN_TASKS);
}

const DUPLICATION_ADVICE =
  "Write the shared part once (in a file the tasks list in reads, or in the contract task's output) and keep in each task only what differs.";

/** `context-duplication`: the same large instructions in three or more tasks. */
export function duplicationFindings(plan: CheckedPlan): PlanFinding[] {
  const out: PlanFinding[] = [];
  const verbatim = verbatimGroups(plan.tasks);
  for (const group of verbatim) {
    out.push({
      severity: 'warning',
      code: 'context-duplication',
      message: `Tasks ${idList(group.ids)} carry the same ${number(group.chars)} characters of instructions, one copy in each agent's brief. ${DUPLICATION_ADVICE}`,
      tasks: [...group.ids],
      paths: [],
    });
  }
  for (const group of similarGroups(plan.tasks)) {
    const ids = group.map((t) => t.id);
    if (verbatim.some((v) => ids.every((id) => v.ids.includes(id)))) continue;
    const chars = Math.min(...group.map((t) => t.instructions.length));
    out.push({
      severity: 'warning',
      code: 'context-duplication',
      message: `Tasks ${idList(ids)} have instructions of ${number(chars)}+ characters that are at least ${Math.round(SIMILAR_SHARE * 100)}% the same, one copy in each agent's brief. ${DUPLICATION_ADVICE}`,
      tasks: ids,
      paths: [],
    });
  }
  return out;
}

/** The files a `reads` entry covers in the listing, and whether it names the whole repository. */
function coverage(entry: string, files: readonly string[]): { readonly files: number; readonly whole: boolean } {
  const form = normalizeOwnedPattern(entry);
  if (WHOLE_FORMS.has(form)) return { files: files.length, whole: true };
  const whole = hasGlobSyntax(form.split('/')[0] ?? '');
  return { files: files.filter((path) => matchesOwnedForm(path, form)).length, whole };
}

/** `context-broad-reads`: a one- or two-file task told to read the whole repository or a large tree. */
export function broadReadsFindings(plan: CheckedPlan, workspace: WorkspaceFiles): PlanFinding[] {
  const small = plan.tasks.filter((t) => {
    if (!isWritingTask(t) || t.reads.length === 0) return false;
    const forms = ownsNormalized(plan, t);
    return forms.length >= 1 && forms.length <= 2 && forms.every(isConcreteFile);
  });
  if (small.length === 0) return [];
  const listing = workspace.listing();
  const out: PlanFinding[] = [];
  for (const task of small) {
    for (const entry of task.reads) {
      const covered = coverage(entry, listing.files);
      const reported = covered.whole ? covered.files >= WHOLE_REPO_FILES : covered.files >= BROAD_FILES;
      if (!reported) continue;
      const count = `${number(covered.files)}${listing.stopped ? '+' : ''} files`;
      const what = covered.whole ? `the whole repository, ${count}` : count;
      out.push({
        severity: 'warning',
        code: 'context-broad-reads',
        message: `Task "${task.id}" owns only ${task.owns.join(', ')} but lists ${entry} in reads (${what}), so its agent starts by reading far more than it needs. List the few files it builds on instead.`,
        tasks: [task.id],
        paths: [entry],
      });
    }
  }
  return out;
}

/**
 * `context-instructions-cut`: a project instructions file the agents get only the start of, or,
 * when the user chose sections of it (`picks`), a note on what the selection keeps instead.
 */
export function instructionsCutFindings(workspaceRoot: string, picks?: InstructionSectionPicks): PlanFinding[] {
  return instructionCuts(workspaceRoot, picks !== undefined ? { sections: picks } : {}).map((cut): PlanFinding => {
    if (cut.picked !== undefined) return pickedFinding(cut, cut.picked);
    return {
      severity: 'warning',
      code: 'context-instructions-cut',
      message:
        `${cut.path} is ${number(cut.bytes)} bytes, but agents get only its first ${number(cut.keptBytes)} bytes (project instructions are cut at ${number(cut.maxBytes)} bytes per file, with no setting to change it). ` +
        `Shorten ${cut.path} to what every task needs, and move the detail into files the tasks list in reads.`,
      tasks: [],
      paths: [cut.path],
    };
  });
}

function pickedFinding(cut: InstructionsCut, picked: PickedSections): PlanFinding {
  const kept =
    picked.kept.length === 0
      ? 'your selection gives them none of its sections'
      : `your selection gives them ${picked.kept.length} of its ${picked.sectionCount} sections instead (${number(picked.keptBytes)} bytes): ${sectionList(picked.kept)}`;
  const overCeiling =
    picked.overCeiling.length > 0
      ? ` Chosen but past the ${number(MAX_SELECTED_INSTRUCTIONS_BYTES)}-byte limit for chosen sections, so left out: ${sectionList(picked.overCeiling)}.`
      : '';
  const leftOut =
    picked.leftOut.length > 0
      ? ` Left out: ${picked.leftOut.length} section${picked.leftOut.length === 1 ? '' : 's'}; agents are told to read ${cut.path} for them.`
      : '';
  return {
    severity: 'info',
    code: 'context-instructions-cut',
    message: `${cut.path} is ${number(cut.bytes)} bytes; by default agents would get only its first ${number(cut.keptBytes)} bytes, but ${kept}.${overCeiling}${leftOut}`,
    tasks: [],
    paths: [cut.path],
  };
}
