/**
 * The path walk's looks (`pathPolicy.ts`): the `lstat` of each prefix of a path, started up to
 * LOOKAHEAD components ahead of the one the walk asks for. The walk waits for one round trip to the
 * file system instead of one per folder (on a network file system each is a trip over the network),
 * and a path of a thousand components never has more than LOOKAHEAD looks in flight. What a look
 * finds past where the walk stops (a missing folder, a refusal) is dropped. Through a symlink the
 * later looks go through it, as the walk's own would.
 */
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { lstat } from './fileCalls';

/** How many components ahead of the walk are looked at. */
export const LOOKAHEAD = 8;

/** One component: its path under the root, and what `lstat` found there or why it could not. */
export type Look = { readonly path: string } & ({ readonly info: Stats; readonly error?: undefined } | { readonly info?: undefined; readonly error: unknown });

/** `look(index)`: the look at `segments[0..index]` under `root`, starting the ones after it up to LOOKAHEAD. */
export function lookAhead(root: string, segments: readonly string[], inspect: (path: string) => Promise<Stats> = lstat): (index: number) => Promise<Look> {
  const looks: Promise<Look>[] = [];
  return (index) => {
    while (looks.length < Math.min(segments.length, index + LOOKAHEAD)) {
      const path = join(root, ...segments.slice(0, looks.length + 1));
      looks.push(
        inspect(path).then(
          (info): Look => ({ path, info }),
          (error: unknown): Look => ({ path, error }),
        ),
      );
    }
    const look = looks[index];
    if (look === undefined) throw new Error(`no component ${index} in a path of ${segments.length}`);
    return look;
  };
}
