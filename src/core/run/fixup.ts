/**
 * Fix-up rounds: which agents a failing check pass goes back to, and what they are told. A failing
 * check goes to the tasks that own the files its problems point at; when it points at no owned file,
 * to every task that staged a file (their changes are all that differs from the workspace). Error
 * findings of validators go to the owner of their file in the first round. Each agent gets one new
 * user turn in its own conversation: what failed, the problems in its files, the output's end and
 * the current content of its files.
 */
import type { FinalConversation } from './contextTypes';
import type { StagingReader } from '../workspace/stagingTypes';
import type { HistoryMessage } from './agent/history';
import type { CheckRun } from './checkPhase';
import { outcomeWords, tailOf } from './checkPhase';
import type { Finding, RunState } from './runStateTypes';
import type { Plan } from '../plan/plan';
import { ownerOf } from '../plan/ownership';
import { isWritingTask } from '../plan/plan';
import { fixupTargets } from '../checks/attribution';

/** Output characters per failing check in a fix-up turn. */
const OUTPUT_CHARS = 6000;
/** Problems listed per check in a fix-up turn. */
const LISTED_PROBLEMS = 40;
/** Characters of the agent's own files quoted in a fix-up turn (each file, and all together). */
const FILE_CHARS = 20_000;
const FILES_CHARS = 60_000;

export interface FixupWork {
  readonly taskId: string;
  /** The failing checks it gets, with the problems in its files (all problems when none pointed at an owned file). */
  readonly checks: readonly { readonly run: CheckRun; readonly problems: CheckRun['diagnostics']; readonly attributed: boolean }[];
  readonly findings: readonly Finding[];
}

export function isFailing(run: CheckRun): boolean {
  return run.result.outcome === 'failed' || run.result.outcome === 'timed-out';
}

/** Who gets which failures in this round; agents not `done` or with no conversation to continue are left out. */
export function planFixups(
  runs: readonly CheckRun[],
  state: RunState,
  plan: Plan,
  options: { readonly round: number; readonly eligible: (taskId: string) => boolean },
): FixupWork[] {
  const stagedBy = new Set(Object.values(state.files).map((f) => f.taskId));
  const work = new Map<string, { checks: FixupWork['checks'][number][]; findings: Finding[] }>();
  const entry = (taskId: string) => {
    let w = work.get(taskId);
    if (w === undefined) work.set(taskId, (w = { checks: [], findings: [] }));
    return w;
  };
  for (const run of runs.filter(isFailing)) {
    const targets = fixupTargets(run.diagnostics, stagedBy);
    for (const taskId of targets.tasks) {
      const problems = targets.attributed ? run.diagnostics.filter((d) => d.owner === taskId) : run.diagnostics;
      entry(taskId).checks.push({ run, problems, attributed: targets.attributed });
    }
  }
  if (options.round === 1) {
    for (const finding of state.findings) {
      if (finding.severity !== 'error' || finding.path === undefined) continue;
      const owner = ownerOf(finding.path, plan);
      if (owner !== undefined && isWritingTask(owner)) entry(owner.id).findings.push(finding);
    }
  }
  return [...work.entries()].filter(([taskId]) => options.eligible(taskId)).map(([taskId, w]) => ({ taskId, checks: w.checks, findings: w.findings }));
}

/** The new user turn of a fix-up round. */
export function fixupText(work: FixupWork, staging: StagingReader, round: number, rounds: number): string {
  const parts: string[] = [
    `# Fix-up round ${round} of ${rounds}`,
    "The project's checks ran on the combined result of every task, in a copy of the workspace with all staged changes applied, and something failed. Fix the problems in the files you own; do not work around a check (do not skip, weaken or delete tests or rules) and do not touch files you do not own. When you are done, call finish with what you changed. The checks run again after this round.",
  ];
  for (const { run, problems, attributed } of work.checks) {
    parts.push(
      `## Check "${run.spec.id}": \`${run.spec.command}\` ${outcomeWords(run.result)}${run.result.message !== undefined ? ` (${run.result.message})` : ''}`,
    );
    if (problems.length > 0) {
      const listed = problems
        .slice(0, LISTED_PROBLEMS)
        .map((d) => `- ${d.path}${d.line !== undefined ? `:${d.line}` : ''}${d.column !== undefined ? `:${d.column}` : ''}: ${d.message}`);
      const more = problems.length > LISTED_PROBLEMS ? [`- … and ${problems.length - LISTED_PROBLEMS} more`] : [];
      parts.push(
        `${attributed ? 'Problems in your files:' : 'Problems it points at (none is in a file a task owns, so every task that changed files is asked):'}\n${[...listed, ...more].join('\n')}`,
      );
    } else if (!attributed) {
      parts.push('Its output points at no file a task owns, so every task that changed files is asked: check whether your changes cause it.');
    }
    const output = run.result.output.trim();
    if (output !== '') parts.push(`Output (end):\n\`\`\`\n${tailOf(output, OUTPUT_CHARS)}\n\`\`\``);
  }
  if (work.findings.length > 0) {
    parts.push(
      `## Errors a validator reported in your files\n${work.findings.map((f) => `- ${f.path ?? ''}${f.line !== undefined ? `:${f.line}` : ''}: ${f.message}`).join('\n')}`,
    );
  }
  const files = ownFiles(work.taskId, staging);
  if (files !== '') parts.push(`## Your files as staged now\n${files}`);
  return parts.join('\n\n');
}

function ownFiles(taskId: string, staging: StagingReader): string {
  let left = FILES_CHARS;
  const out: string[] = [];
  for (const entry of staging.entries()) {
    if (entry.taskId !== taskId) continue;
    if (entry.proposed === null) {
      out.push(`### ${entry.path} (deleted)`);
      continue;
    }
    if (left <= 0) {
      out.push(`### ${entry.path} (not quoted: read it with read_file)`);
      continue;
    }
    const limit = Math.min(FILE_CHARS, left);
    const text = entry.proposed.length > limit ? `${entry.proposed.slice(0, limit)}\n… (cut: read the rest with read_file)` : entry.proposed;
    left -= Math.min(entry.proposed.length, limit);
    out.push(`### ${entry.path}\n\`\`\`\n${text}\n\`\`\``);
  }
  return out.join('\n\n');
}

/**
 * The conversation a fix-up round continues: the agent's whole conversation with the fix-up text as
 * its next user turn. After a finishing turn the last message holds tool results; the text joins that
 * message (after its results), so turns keep alternating.
 */
export function continueWith(final: FinalConversation, text: string): HistoryMessage[] {
  const messages = [...final.messages];
  const last = messages[messages.length - 1];
  if (last?.role === 'user') {
    const content = typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : [...last.content];
    messages[messages.length - 1] = { role: 'user', content: [...content, { type: 'text', text }] };
  } else {
    messages.push({ role: 'user', content: text });
  }
  return messages;
}
