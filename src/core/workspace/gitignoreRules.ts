/**
 * .gitignore rules at every level of a walk: each folder's `.gitignore` applies to paths below it,
 * deeper rules win, and `!pattern` re-includes. Read by the workspace walk (`fileWalk.ts`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface IgnoreRules {
  /** Workspace-relative folder the `.gitignore` lives in ('' for the root). */
  readonly base: string;
  readonly ig: Ignore;
}

/** The rules of `<root>/<dirRel>/.gitignore`, or undefined when there is none. */
export async function loadIgnoreRules(root: string, dirRel: string): Promise<IgnoreRules | undefined> {
  try {
    return { base: dirRel, ig: ignore().add(await readFile(join(root, dirRel, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

/** Whether a workspace-relative path is ignored by the rules in force for it (outermost first). */
export function isIgnoredBy(rules: readonly IgnoreRules[], rel: string, dir: boolean): boolean {
  let ignored = false;
  for (const { base, ig } of rules) {
    const sub = base === '' ? rel : rel.slice(base.length + 1);
    const result = ig.test(dir ? `${sub}/` : sub);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
