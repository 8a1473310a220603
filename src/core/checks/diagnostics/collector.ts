/**
 * Where every shape of check output puts what it found: printed paths mapped to workspace-relative
 * ones (`diagnosticPaths.ts`), and the diagnostics kept distinct by path, line and message, in output
 * order, up to a cap (the total counts those past it too).
 */
import type { CheckDiagnostic } from '../checkTypes';
import type { PathMapper } from '../diagnosticPaths';
import { clip } from './text';

export type Tool = CheckDiagnostic['tool'];

/** When a mapped path must be a file of the snapshot to count: always, only when printed relative, or never. */
export type MustExist = 'always' | 'if-relative' | 'never';

export class Collector {
  readonly diagnostics: CheckDiagnostic[] = [];
  total = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly paths: PathMapper,
    private readonly max: number,
  ) {}

  /** The workspace-relative path of a printed one, or undefined when it is no workspace file's (or, as `mustExist` says, no file's). */
  map(raw: string, mustExist: MustExist): string | undefined {
    const mapped = this.paths.toRelative(raw);
    if (mapped === undefined) return undefined;
    const check = mustExist === 'always' || (mustExist === 'if-relative' && mapped.wasRelative);
    return check && !this.paths.isFile(mapped.path) ? undefined : mapped.path;
  }

  add(path: string, line: number | undefined, column: number | undefined, message: string, tool: Tool): void {
    const text = clip(message);
    const key = `${path}\u0000${line ?? ''}\u0000${text}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.total++;
    if (this.diagnostics.length >= this.max) return;
    const diagnostic: { -readonly [K in keyof CheckDiagnostic]: CheckDiagnostic[K] } = { path, message: text, tool };
    if (line !== undefined && line > 0) diagnostic.line = line;
    if (column !== undefined && column > 0) diagnostic.column = column;
    this.diagnostics.push(diagnostic);
  }
}
