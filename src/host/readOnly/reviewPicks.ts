/**
 * What "Fanout: Distribute Review" asks before it runs: what to review (the working tree against
 * HEAD, this branch against a base the user picks, or the whole workspace as it is) and which roles
 * review it (the built-in review roles, and the project's read-only `.claude/agents`, all picked by
 * default). Each answer can come as a command argument instead, so other extensions and tests can
 * run a review without the pickers. Undefined: the user dismissed a picker (nothing runs).
 */
import * as vscode from 'vscode';
import { listBaseCandidates } from '../../core/review/gitChanges';
import { REVIEW_ROLES } from '../../core/planning/patterns/builtins';
import { loadPatterns } from '../../core/planning/patterns/loadPatterns';
import { roleSlug } from '../../core/review/reviewPlan';
import type { PatternRole } from '../../core/planning/types';

export type ReviewScope = { readonly kind: 'changes' } | { readonly kind: 'branch'; readonly base: string } | { readonly kind: 'workspace' };

/** `fanout.distributeReview`'s optional argument. */
export interface ReviewCommandArgs {
  /** 'changes' (the working tree against HEAD), 'workspace' (the code as it is), or `{ base }` (this branch against `base`). */
  readonly scope?: 'changes' | 'workspace' | { readonly base: string };
  /** Role names or slugs (any case); absent: every offered role. */
  readonly roles?: readonly string[];
}

export function scopeOfArgs(scope: ReviewCommandArgs['scope']): ReviewScope | undefined {
  if (scope === 'changes' || scope === 'workspace') return { kind: scope };
  if (scope !== undefined && typeof scope === 'object' && typeof scope.base === 'string') return { kind: 'branch', base: scope.base };
  return undefined;
}

/**
 * The roles a review can run here: the built-in ones, then the project's own read-only roles — its
 * read-only Claude Code agents and the validate roles of its `.fanout/patterns` — each name once.
 */
export async function offeredRoles(workspaceRoot: string): Promise<readonly PatternRole[]> {
  const { patterns } = await loadPatterns(workspaceRoot).catch(() => ({ patterns: [] }));
  const own = patterns.filter((p) => p.source === 'claude-agents' || p.source === 'workspace').flatMap((p) => p.roles.filter((r) => r.readOnly));
  const seen = new Set<string>();
  return [...REVIEW_ROLES.roles, ...own].filter((r) => {
    const key = roleSlug(r.role);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The roles named, in the offered order; throws naming the unknown ones. */
export function rolesNamed(offered: readonly PatternRole[], names: readonly string[]): readonly PatternRole[] {
  const wanted = names.map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  const matches = (r: PatternRole, n: string) => r.role.toLowerCase() === n || roleSlug(r.role) === n;
  const unknown = wanted.filter((n) => !offered.some((r) => matches(r, n)));
  if (unknown.length > 0) {
    throw new Error(`Unknown review role(s): ${unknown.join(', ')}. The roles are ${offered.map((r) => `"${r.role}"`).join(', ')}.`);
  }
  return offered.filter((r) => wanted.some((n) => matches(r, n)));
}

export async function pickScope(workspaceRoot: string, token: vscode.CancellationToken): Promise<ReviewScope | undefined> {
  type Item = vscode.QuickPickItem & { readonly scope: 'changes' | 'branch' | 'workspace' };
  const items: Item[] = [
    { label: '$(git-commit) Changes in the working tree', description: 'against HEAD, untracked files included', scope: 'changes' },
    { label: '$(git-branch) This branch against a base branch…', description: 'the commits since it left the base', scope: 'branch' },
    { label: '$(folder) The whole workspace', description: 'the code as it is, no git needed', scope: 'workspace' },
  ];
  const picked = await vscode.window.showQuickPick(
    items,
    { title: 'Fanout: Distribute Review (1/2)', placeHolder: 'What should the reviewers look at?' },
    token,
  );
  if (picked === undefined) return undefined;
  if (picked.scope !== 'branch') return { kind: picked.scope };
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  try {
    const { current, branches } = await listBaseCandidates(workspaceRoot, controller.signal);
    if (branches.length === 0) {
      void vscode.window.showWarningMessage(`Fanout: the repository has no branch besides ${current ?? 'HEAD'} to compare against.`);
      return undefined;
    }
    const preferred = ['main', 'master', 'origin/main', 'origin/master', 'develop'];
    const ordered = [...branches].sort((a, b) => rank(a, preferred) - rank(b, preferred));
    const base = await vscode.window.showQuickPick(
      ordered.map((b) => ({ label: b })),
      { title: 'Fanout: Distribute Review — base branch', placeHolder: `Review ${current ?? 'HEAD'} against…` },
      token,
    );
    return base === undefined ? undefined : { kind: 'branch', base: base.label };
  } finally {
    cancel.dispose();
  }
}

function rank(branch: string, preferred: readonly string[]): number {
  const i = preferred.indexOf(branch);
  return i === -1 ? preferred.length : i;
}

export async function pickRoles(offered: readonly PatternRole[], token: vscode.CancellationToken): Promise<readonly PatternRole[] | undefined> {
  const items = offered.map((role) => ({ label: role.role, detail: role.description, picked: true, role }));
  const picked = await vscode.window.showQuickPick(
    items,
    { title: 'Fanout: Distribute Review (2/2)', placeHolder: 'Reviewers that run side by side (each from one angle)', canPickMany: true },
    token,
  );
  if (picked === undefined || picked.length === 0) return undefined;
  return picked.map((p) => p.role);
}
