/**
 * The lean, task-specific context an agent starts with (after the shared cached prefix): the
 * current content of the concrete files it owns, as its view shows them, and the summaries of the
 * finished tasks it depends on. Bounded, so a large file does not crowd out the conversation.
 */
import type { StagingView } from '../../workspace/stagingTypes';
import type { TaskSpec } from '../../plan/plan';
import { hasGlobSyntax } from '../../plan/globIntersect';

export const MAX_FILE_CHARS = 8_000;
export const MAX_TOTAL_CHARS = 24_000;

export interface DependencySummary {
  readonly taskId: string;
  readonly title: string;
  readonly summary: string;
}

async function ownedFileSection(task: TaskSpec, view: StagingView, budget: { left: number }): Promise<string[]> {
  const parts: string[] = [];
  for (const path of task.owns) {
    if (hasGlobSyntax(path) || path.endsWith('/') || budget.left <= 0) continue;
    let read;
    try {
      read = await view.read(path);
    } catch {
      continue; // binary, too large or a folder: the agent can still inspect it with its tools
    }
    if (read.kind !== 'file') {
      parts.push(`## ${path}\n(does not exist yet: you create it)`);
      continue;
    }
    const limit = Math.min(MAX_FILE_CHARS, budget.left);
    const cut = read.content.length > limit;
    const body = cut ? `${read.content.slice(0, limit)}\n… (cut at ${limit} characters; use read_file with line ranges for the rest)` : read.content;
    budget.left -= Math.min(read.content.length, limit);
    parts.push(`## ${path}\n\`\`\`\n${body}\n\`\`\``);
  }
  return parts;
}

/** Text for the opening message; empty when there is nothing to add. */
export async function buildTaskContext(task: TaskSpec, view: StagingView, dependencies: readonly DependencySummary[]): Promise<string> {
  const sections: string[] = [];
  const files = await ownedFileSection(task, view, { left: MAX_TOTAL_CHARS });
  if (files.length > 0) sections.push(`# Current content of the files you own\n${files.join('\n\n')}`);
  if (dependencies.length > 0) {
    const lines = dependencies.map((d) => `- ${d.taskId} (${d.title}): ${d.summary.trim().slice(0, 1500)}`);
    sections.push(`# What the tasks you depend on did\n${lines.join('\n')}`);
  }
  return sections.join('\n\n');
}
