/**
 * Where a path a check printed is in the workspace: absolute paths under the snapshot or the
 * workspace (real or as given, `file://` URLs too) and relative ones become workspace-relative with
 * "/" separators; anything outside, under node_modules or .git, is no workspace file. Whether a path
 * is a file of the snapshot is asked at most MAX_EXISTENCE_CHECKS times per parse. Used by
 * `diagnostics/collector.ts`.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `stat`s made at most while parsing one output. */
const MAX_EXISTENCE_CHECKS = 2000;
const MAX_PATH_CHARS = 1000;
/** Printed paths whose mapping is remembered (outputs name few files many times). */
const MAX_CACHED_PATHS = 10_000;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]{1,31}:/;

interface MappedPath {
  readonly path: string;
  readonly wasRelative: boolean;
}

/** Maps paths printed by a tool to workspace-relative ones, and answers whether one is a file of the snapshot. */
export class PathMapper {
  private readonly bases: string[];
  private readonly snapshotRoot: string;
  private readonly known = new Map<string, boolean>();
  private readonly mapped = new Map<string, MappedPath | null>();

  constructor(options: { readonly snapshotDir: string; readonly workspaceRoot: string }) {
    const bases = [resolve(options.snapshotDir), realOrSelf(options.snapshotDir), resolve(options.workspaceRoot), realOrSelf(options.workspaceRoot)];
    this.bases = [...new Set(bases)];
    this.snapshotRoot = resolve(options.snapshotDir);
  }

  /** The workspace-relative form of a printed path, or undefined when it is not a workspace file's path. */
  toRelative(raw: string): MappedPath | undefined {
    const cached = this.mapped.get(raw);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.compute(raw);
    if (this.mapped.size < MAX_CACHED_PATHS) this.mapped.set(raw, result ?? null);
    return result;
  }

  private compute(raw: string): MappedPath | undefined {
    let printed = raw.trim();
    if (printed === '' || printed.length > MAX_PATH_CHARS) return undefined;
    if (printed.startsWith('file://')) {
      try {
        printed = fileURLToPath(printed);
      } catch {
        return undefined;
      }
    } else if (URL_SCHEME.test(printed)) {
      return undefined; // node:internal/…, webpack:…, http:… (a Windows drive has a one-letter "scheme")
    }
    let rel: string | undefined;
    const wasRelative = !isAbsolute(printed);
    if (wasRelative) {
      rel = normalize(printed);
    } else {
      const abs = resolve(printed);
      for (const base of this.bases) {
        const inner = relative(base, abs);
        if (!isAbsolute(inner) && inner !== '..' && !inner.startsWith(`..${sep}`)) {
          rel = inner;
          break;
        }
      }
    }
    if (rel === undefined) return undefined;
    const segments = rel.split(sep).filter((s) => s !== '' && s !== '.');
    if (segments.length === 0 || segments.some((s) => s === '..' || s === 'node_modules' || s === '.git')) return undefined;
    return { path: segments.join('/'), wasRelative };
  }

  /** Whether the workspace-relative path is a file in the snapshot (false once the budget of checks is spent). */
  isFile(rel: string): boolean {
    const cached = this.known.get(rel);
    if (cached !== undefined) return cached;
    if (this.known.size >= MAX_EXISTENCE_CHECKS) return false;
    let found = false;
    try {
      found = statSync(join(this.snapshotRoot, ...rel.split('/')), { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      found = false;
    }
    this.known.set(rel, found);
    return found;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}

/** Keeps distinct diagnostics in output order, up to the cap, counting them all. */
