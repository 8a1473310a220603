/**
 * What resuming an interrupted run reads from its folder, and when it refuses. A run can be resumed
 * when its log ends without `run.finished` and nothing writes it any more (`liveness.ts`): the log
 * gives the plan, the ids and seqs, every agent's state and the spend so far; the blobs give the staged
 * files (`StagingStore.fromEvents`); `agents/` gives the shared system block and each agent's
 * conversation (read when the agent starts again, see `Run`).
 *
 * Refused with a `ResumeError` whose message says what to do: a folder without a run log, a run that
 * finished, a run whose writer is alive, a plan the workspace no longer accepts, staged contents that
 * are gone. Staged files whose workspace file changed since the agent read it do not stop the resume:
 * the run says so in a `run.warning` (applying such a file later is conflict-checked anyway).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from './events';
import { readSharedSystem } from './agent/sharedSystemFile';
import type { RunResume } from './run';
import { spendOfEvents } from './runBudget';
import { reduceRunEvents } from './runState';
import { asValidated, checkPlan, type ValidatedPlan } from '../plan/planCheck';
import { isWriterAlive, readLiveMarker } from '../store/liveness';
import { isRunLogOpen, readRunLog, RUN_LOG_FILE } from '../store/runLog';
import { BLOB_DIR } from '../store/runStore';
import { sha256, StagingStore } from '../workspace/staging';

/** A run that cannot be resumed; the message says why and what to do instead. */
export class ResumeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResumeError';
  }
}

/** At most this many changed files are named in the warning. */
const NAMED = 5;

export interface LoadedResume extends RunResume {
  readonly runId: string;
  readonly plan: ValidatedPlan;
}

/** Reads an interrupted run from `runDir` for `workspaceRoot`; throws a `ResumeError` when it cannot be resumed. */
export async function loadResume(runDir: string, workspaceRoot: string): Promise<LoadedResume> {
  // First: a run that has just started may not have flushed its log yet, but it is marked live.
  if (isWriterAlive(runDir)) {
    const marker = readLiveMarker(runDir);
    const who =
      marker === undefined
        ? `another process on ${hostname()}`
        : marker.pid === process.pid
          ? `this process (${marker.pid})`
          : `process ${marker.pid} on ${marker.hostname}`;
    throw new ResumeError(`The run in ${runDir} is still being written by ${who}. Resume it once that process has ended (or cancel the run there).`);
  }
  const logPath = join(runDir, RUN_LOG_FILE);
  if (!existsSync(logPath))
    throw new ResumeError(`${runDir} holds no run log (${RUN_LOG_FILE}), so there is no run to resume there. Give the folder of an interrupted run.`);
  const events: readonly RunEvent[] = readRunLog(logPath).events;
  const runId = events[0]?.runId;
  if (runId === undefined) throw new ResumeError(`The run log in ${runDir} holds no events, so there is nothing to resume. Start a new run instead.`);
  const own = events.filter((event) => event.runId === runId);
  const state = reduceRunEvents(own);
  const logged = state.plan;
  if (logged === undefined)
    throw new ResumeError(`The run log in ${runDir} does not start with its plan (no run.started), so it cannot be resumed. Start a new run instead.`);
  if (state.status === 'done' || state.status === 'failed' || state.status === 'cancelled') {
    throw new ResumeError(
      `Run ${runId} already finished (${state.status}); there is nothing to resume. Review its changes, retry its failed or cancelled agents, or start a new run.`,
    );
  }
  if (isRunLogOpen(logPath)) throw new ResumeError(`Run ${runId} is still running in this process; it cannot be resumed while it runs.`);
  const check = checkPlan(logged, workspaceRoot);
  if (!check.ok) {
    const errors = check.findings.filter((f) => f.severity === 'error').map((f) => `  ${f.code}: ${f.message}`);
    throw new ResumeError(
      `The plan of run ${runId} no longer passes its check against ${workspaceRoot}:\n${errors.join('\n')}\nStart a new run with a corrected plan.`,
    );
  }
  const plan = asValidated(check.plan);
  let staging: StagingStore;
  try {
    staging = await StagingStore.fromEvents(workspaceRoot, own, { blobDir: join(runDir, BLOB_DIR) });
  } catch (error) {
    throw new ResumeError(
      `The staged files of run ${runId} cannot be read back from ${join(runDir, BLOB_DIR)} (${error instanceof Error ? error.message : String(error)}). Start a new run.`,
    );
  }
  return {
    runId,
    plan: logged.lint !== undefined ? { ...plan, lint: logged.lint } : plan,
    state,
    staging,
    spent: spendOfEvents(own),
    sharedSystem: readSharedSystem(runDir)?.sharedSystem,
    warnings: await changedBases(staging, workspaceRoot),
  };
}

/** A warning naming the staged files whose workspace file is no longer what their agent read; none when all match. */
async function changedBases(staging: StagingStore, workspaceRoot: string): Promise<string[]> {
  const changed: string[] = [];
  for (const entry of staging.entries()) {
    let current: string | null;
    try {
      current = sha256(await readFile(join(workspaceRoot, entry.path), 'utf8'));
    } catch {
      current = null;
    }
    if (current !== (entry.base?.hash ?? null)) changed.push(entry.path);
  }
  if (changed.length === 0) return [];
  const named = changed.slice(0, NAMED).join(', ') + (changed.length > NAMED ? ` and ${changed.length - NAMED} more` : '');
  return [
    `Changed in the workspace since they were staged: ${named}. The agents continue from what they read before; review these files' changes with care (applying them is conflict-checked).`,
  ];
}
