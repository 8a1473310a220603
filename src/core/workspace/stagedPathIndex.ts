/**
 * The staging store's index of its paths by identity: which staged path is the same file as a new
 * one, and which staged paths cannot coexist with it.
 *
 * Identity: each staged path has a key, its real path (a symlink on the way resolved, when the store
 * could see one) folded to Unicode NFC and lower case (`foldedForm`), because that is one file on
 * macOS and Windows. Two paths with one key are one file, whatever their spelling.
 *
 * Coexistence: a path staged as a file (written, not deleted) cannot also be a folder, so it blocks
 * every path below it, and a file staged below a path blocks staging that path as a file. Deletes
 * block nothing: what they delete exists, so the workspace already has it the right way round.
 */

/** Why a path cannot be staged next to the others: the message, and the other path's author. */
export interface PathClash {
  readonly message: string;
  readonly author: string;
}

const SLASH = '/'.charCodeAt(0);

function author(by: string, taskId: string): string {
  return by === taskId ? `you (task ${taskId})` : `task ${by}`;
}

export class StagedPathIndex {
  /** Staged path → its key and author. */
  private readonly keyOf = new Map<string, { readonly key: string; readonly taskId: string }>();
  /** Key → the staged path that has it. */
  private readonly pathOf = new Map<string, string>();
  /**
   * Key → path, for the paths staged as files (not deletes). The coexistence checks scan it: one
   * prefix comparison per staged file, where a map per folder would hash every prefix of a path
   * (quadratic in its depth, and a path may have two thousand names).
   */
  private readonly files = new Map<string, string>();

  /** Records `path`, staged by `taskId`, under `key`; `file` when it is staged as a file, not a delete. */
  set(path: string, key: string, taskId: string, file: boolean): void {
    this.delete(path);
    this.keyOf.set(path, { key, taskId });
    this.pathOf.set(key, path);
    if (file) this.files.set(key, path);
  }

  delete(path: string): void {
    const key = this.keyOf.get(path)?.key;
    if (key === undefined) return;
    this.keyOf.delete(path);
    if (this.pathOf.get(key) === path) this.pathOf.delete(key);
    if (this.files.get(key) === path) this.files.delete(key);
  }

  /**
   * Why `taskId` cannot stage `path` (identity `key`), or undefined; `creates` when it would create a
   * file that does not exist yet (only those can clash with the shape of the others). The same path
   * staged by another task is the store's own `conflict`, not a clash.
   */
  clash(taskId: string, path: string, key: string, creates: boolean): PathClash | undefined {
    const same = this.sameFile(key);
    if (same !== undefined && same !== path) {
      const by = this.authorOf(same, taskId);
      const who = by === taskId ? `you (task ${taskId}) already staged; keep writing ${same}` : `task ${by} already staged; only one task may change a file`;
      return { author: by, message: `${path} is the same file as ${same} (one file on macOS and Windows, or through a symlink), which ${who}.` };
    }
    if (!creates) return undefined;
    const above = this.fileAbove(key);
    if (above !== undefined) {
      const by = this.authorOf(above, taskId);
      return {
        author: by,
        message: `${path} cannot be created: ${above} is staged as a file by ${author(by, taskId)}, and a file cannot also be a folder. Choose another path.`,
      };
    }
    const below = this.fileBelow(key);
    if (below !== undefined) {
      const by = this.authorOf(below, taskId);
      return {
        author: by,
        message: `${path} cannot be a file: ${below} is staged by ${author(by, taskId)}, so ${path} must stay a folder. Choose another name.`,
      };
    }
    return undefined;
  }

  private authorOf(path: string, fallback: string): string {
    return this.keyOf.get(path)?.taskId ?? fallback;
  }

  /** The staged path that is the same file as `key`, if any. */
  sameFile(key: string): string | undefined {
    return this.pathOf.get(key);
  }

  /** A path staged as a file where `key` needs a folder (one of its parents), if any. */
  fileAbove(key: string): string | undefined {
    for (const [fileKey, path] of this.files) {
      if (key.length > fileKey.length && key.charCodeAt(fileKey.length) === SLASH && key.startsWith(fileKey)) return path;
    }
    return undefined;
  }

  /** A file staged below `key`, which needs `key` to stay a folder, if any (the first in path order). */
  fileBelow(key: string): string | undefined {
    let first: string | undefined;
    for (const [fileKey, path] of this.files) {
      if (fileKey.length > key.length && fileKey.charCodeAt(key.length) === SLASH && fileKey.startsWith(key) && (first === undefined || path < first))
        first = path;
    }
    return first;
  }
}
