/**
 * Whether a run's writer is still alive. A run's log ends with `run.finished`; one that does not is
 * either still being written or was interrupted (a window reload, a crash of VS Code, `kill -9` of the
 * CLI). The difference is on disk: while a run is written, `<runDir>/live.json` names the writer
 * (`{ pid, hostname, startedAt, beatAt }`) and its heartbeat (`beatAt`, refreshed every BEAT_MS by an
 * unref'd timer, so it never keeps a process alive). The writer removes it when the run ends or is
 * interrupted on purpose; a writer that died leaves it behind with a pid that is gone or a beat that
 * went stale.
 *
 * A marker naming another host (a runs folder on a shared disk) cannot be probed, since its pid means
 * nothing here: it counts as not alive, so the run shows as interrupted and resuming it is the user's
 * call. Pure Node; the engine marks, the host and the CLI ask.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { RunState } from '../run/runState';
import { processAlive } from './tempBlobs';

export const LIVE_FILE = 'live.json';
/** How often a live writer refreshes `beatAt`. */
export const BEAT_MS = 5_000;
/** A beat older than this means the writer is gone (6 missed beats: a busy event loop is not a death). */
export const STALE_MS = 30_000;

const liveSchema = z.object({ pid: z.number().int().positive(), hostname: z.string(), startedAt: z.number(), beatAt: z.number() });
export type LiveMarker = z.infer<typeof liveSchema>;

/** The marker in `runDir`, or undefined when there is none or it is not one (a torn write). */
export function readLiveMarker(runDir: string): LiveMarker | undefined {
  let text: string;
  try {
    text = readFileSync(join(runDir, LIVE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = liveSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temp name and renamed, so a reader never sees half a marker. Errors are swallowed: liveness is advisory. */
function writeMarker(runDir: string, marker: LiveMarker): void {
  const file = join(runDir, LIVE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(marker));
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Marks the run in `runDir` as being written by this process until `dispose()` (which removes the marker). */
export function markLive(runDir: string, now: () => number = Date.now): { dispose(): void } {
  const startedAt = now();
  const marker = (): LiveMarker => ({ pid: process.pid, hostname: hostname(), startedAt, beatAt: now() });
  writeMarker(runDir, marker());
  const timer = setInterval(() => writeMarker(runDir, marker()), BEAT_MS);
  timer.unref();
  let disposed = false;
  return {
    dispose(): void {
      if (disposed) return;
      disposed = true;
      clearInterval(timer);
      // Only our own marker: a resumed run in another process may have taken the folder over.
      if (readLiveMarker(runDir)?.pid === process.pid) rmSync(join(runDir, LIVE_FILE), { force: true });
    },
  };
}

/** True when a writer on this host, whose process is alive and whose beat is fresh, holds the run in `runDir`. */
export function isWriterAlive(runDir: string, now: number = Date.now()): boolean {
  const marker = readLiveMarker(runDir);
  if (marker?.hostname !== hostname()) return false;
  return processAlive(marker.pid) && now - marker.beatAt < STALE_MS;
}

/** A run whose log says running but whose writer is gone. */
export function isInterrupted(runDir: string, state: RunState): boolean {
  return state.status === 'running' && !isWriterAlive(runDir);
}
