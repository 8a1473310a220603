/**
 * Which rg a toolbox runs. The host passes the copy VS Code ships (`ripgrepPath`); otherwise `rg` is
 * looked up on PATH, once per process (the answer is cached). `null` turns ripgrep off: every search
 * runs in process. An rg that cannot be started is not tried again by that toolbox: the configured
 * one gives way to PATH's, and PATH's to the in-process engine.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** The first `rg` executable in the folders of `pathVariable`, or undefined. */
export async function findOnPath(pathVariable: string | undefined, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  const name = platform === 'win32' ? 'rg.exe' : 'rg';
  for (const folder of (pathVariable ?? '').split(platform === 'win32' ? ';' : delimiter)) {
    // A relative PATH entry would resolve against whatever folder the host runs in: never trusted.
    if (folder === '' || !isAbsolute(folder)) continue;
    const candidate = join(folder, name);
    try {
      if (!(await stat(candidate)).isFile()) continue;
      if (platform !== 'win32') await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there, or not executable
    }
  }
  return undefined;
}

let onPath: Promise<string | undefined> | undefined;

/** `rg` on this process's PATH, looked up once. */
export function ripgrepOnPath(): Promise<string | undefined> {
  onPath ??= findOnPath(process.env.PATH);
  return onPath;
}

export class RipgrepLocator {
  #configuredFailed = false;
  #pathFailed = false;

  /**
   * @param configured a path to rg; undefined: PATH's; null: none.
   * @param lookup how PATH's is found (tests).
   */
  constructor(
    private readonly configured: string | null | undefined,
    private readonly lookup: () => Promise<string | undefined> = ripgrepOnPath,
  ) {}

  /** The rg to run now, or undefined for the in-process engine. */
  async path(): Promise<string | undefined> {
    if (this.configured === null) return undefined;
    if (this.configured !== undefined && !this.#configuredFailed) return this.configured;
    return this.#pathFailed ? undefined : this.lookup();
  }

  /** `rg` could not be started: the next search uses the next choice. */
  failed(rg: string): void {
    if (rg === this.configured) this.#configuredFailed = true;
    else this.#pathFailed = true;
  }
}
