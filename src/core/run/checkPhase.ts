/**
 * A run's check phase: the approved checks run in one scratch snapshot of the combined result (made
 * on first use outside the workspace, synced with the staging store before every pass, removed when
 * the run ends), one at a time or a few at once, each logged as `check.started` / `check.finished`
 * with its output kept in the run folder and its problems attributed to the owning tasks. Validators
 * run single checks through the same snapshot (`run_check`).
 */
import { join } from 'node:path';
import type { CheckTool, ToolOutcome } from '../workspace/tools/toolTypes';
import type { StagingReader } from '../workspace/stagingTypes';
import type { RunEventBody } from './events';
import type { Plan } from '../plan/plan';
import {
  CHECK_TAIL_CHARS,
  MAX_EVENT_DIAGNOSTICS,
  type CheckDiagnostic,
  type CheckProcessResult,
  type CheckSpec,
  type ChecksConfig,
} from '../checks/checkTypes';
import { CheckSnapshot } from '../checks/snapshot';
import { runCheckProcess } from '../checks/checkProcess';
import { checkEnvironment } from '../checks/checkEnv';
import { parseDiagnostics } from '../checks/diagnostics';
import { attributeDiagnostics } from '../checks/attribution';
import { definedFields } from '../definedFields';

/** Diagnostics kept per check for the fix-up prompt (the event carries fewer). */
const MAX_KEPT_DIAGNOSTICS = 200;

export interface CheckPhaseDeps {
  readonly config: ChecksConfig;
  readonly runId: string;
  readonly workspaceRoot: string;
  /** The run folder: check output goes to `checks/` in it; absent: output is kept in memory only. */
  readonly runDir?: string;
  readonly staging: StagingReader;
  readonly plan: Plan;
  readonly emit: (body: RunEventBody) => void;
  /** The environment checks start from (secrets are removed from it); the process's own when absent. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One check's result in a pass, with everything a fix-up round needs. */
export interface CheckRun {
  readonly spec: CheckSpec;
  readonly result: CheckProcessResult;
  /** Attributed to the owning tasks, up to MAX_KEPT_DIAGNOSTICS. */
  readonly diagnostics: readonly CheckDiagnostic[];
}

export class CheckPhase implements CheckTool {
  readonly ids: readonly string[];
  readonly #deps: CheckPhaseDeps;
  #snapshot: Promise<CheckSnapshot> | undefined;
  #validatorRuns = 0;
  /** The staged result the snapshot holds (`stagedFingerprint`). */
  #synced: string | undefined;
  /** The snapshot once made (removed at dispose even when a later sync failed). */
  #made: CheckSnapshot | undefined;
  #disposed = false;

  constructor(deps: CheckPhaseDeps) {
    this.#deps = deps;
    this.ids = deps.config.checks.map((c) => c.id);
  }

  /** Runs every check once on the combined result as staged now; resolves with each one's run, in list order. */
  async pass(pass: number, signal: AbortSignal): Promise<readonly CheckRun[]> {
    const checks = this.#deps.config.checks;
    const runs: CheckRun[] = new Array<CheckRun>(checks.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const index = next++;
        const spec = checks[index];
        if (spec === undefined) return;
        runs[index] = await this.#runOne(spec, { pass, signal, log: `checks/p${pass}-${spec.id}.log` });
      }
    };
    const lanes = Math.max(1, Math.min(this.#deps.config.concurrency, checks.length));
    await Promise.all(Array.from({ length: lanes }, () => worker()));
    return runs;
  }

  /** `run_check` for a validator: one check in the snapshot, its result as the tool's answer. */
  async run(checkId: string, taskId: string, signal: AbortSignal): Promise<ToolOutcome> {
    const spec = this.#deps.config.checks.find((c) => c.id === checkId);
    if (spec === undefined) return { content: `"${checkId}" is not one of this run's checks. Run one of: ${this.ids.join(', ')}.`, isError: true };
    this.#validatorRuns += 1;
    const run = await this.#runOne(spec, { pass: 0, signal, log: `checks/v${this.#validatorRuns}-${taskId}-${spec.id}.log`, requestedBy: taskId });
    return { content: describeForTool(run), isError: run.result.outcome !== 'passed' };
  }

  /** Removes the snapshot. Idempotent. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const pending = this.#snapshot;
    this.#snapshot = undefined;
    await pending?.catch(() => undefined);
    await this.#made?.dispose().catch(() => undefined);
    this.#made = undefined;
  }

  async #runOne(spec: CheckSpec, how: { pass: number; signal: AbortSignal; log: string; requestedBy?: string }): Promise<CheckRun> {
    const deps = this.#deps;
    const by = how.requestedBy !== undefined ? { requestedBy: how.requestedBy } : {};
    deps.emit({ kind: 'check.started', checkId: spec.id, pass: how.pass, command: spec.command, ...by });
    const started = Date.now();
    const logFile = deps.runDir !== undefined ? join(deps.runDir, how.log) : undefined;
    const ran = await this.#inSnapshot(spec, how.signal, logFile, started);
    const { dir, result: final } = ran;
    const parsed =
      final.outcome === 'failed' || final.outcome === 'timed-out'
        ? parseDiagnostics(final.output, { snapshotDir: dir ?? deps.workspaceRoot, workspaceRoot: deps.workspaceRoot, maxDiagnostics: MAX_KEPT_DIAGNOSTICS })
        : { diagnostics: [], total: 0 };
    const diagnostics = attributeDiagnostics(parsed.diagnostics, deps.plan);
    deps.emit({
      kind: 'check.finished',
      checkId: spec.id,
      pass: how.pass,
      ...by,
      outcome: final.outcome,
      exitCode: final.exitCode,
      ...(final.signal !== null ? { signal: final.signal } : {}),
      durationMs: final.durationMs,
      outputBytes: final.outputBytes,
      truncated: final.truncated,
      tail: tailOf(final.output, CHECK_TAIL_CHARS),
      diagnostics: diagnostics.slice(0, MAX_EVENT_DIAGNOSTICS),
      diagnosticsTotal: parsed.total,
      ...(logFile !== undefined && dir !== undefined ? { log: how.log } : {}),
      ...definedFields({ message: final.message }),
    });
    return { spec, result: final, diagnostics };
  }

  async #inSnapshot(spec: CheckSpec, signal: AbortSignal, logFile: string | undefined, started: number): Promise<{ dir?: string; result: CheckProcessResult }> {
    let dir: string;
    try {
      dir = await this.#snapshotDir(signal);
    } catch (error) {
      const message = `The snapshot to run checks in could not be made: ${error instanceof Error ? error.message : String(error)}`;
      const outcome = signal.aborted ? 'cancelled' : 'error';
      return { result: { outcome, exitCode: null, signal: null, durationMs: Date.now() - started, outputBytes: 0, output: '', truncated: false, message } };
    }
    const result = await runCheckProcess({
      command: spec.command,
      cwd: dir,
      env: checkEnvironment(this.#deps.env ?? process.env),
      timeoutMs: this.#deps.config.timeoutMs,
      maxOutputBytes: this.#deps.config.maxOutputBytes,
      signal,
      ...definedFields({ logFile }),
    });
    return { dir, result };
  }

  /**
   * The snapshot, made on first use, synced with what is staged now. Syncs happen only when the
   * staged result changed since the last one, so checks running at the same time never see a file
   * being rewritten under them.
   */
  async #snapshotDir(signal: AbortSignal): Promise<string> {
    if (this.#disposed) throw new Error('The run has ended.');
    const deps = this.#deps;
    const fingerprint = stagedFingerprint(deps.staging);
    if (this.#snapshot === undefined) {
      this.#synced = fingerprint;
      this.#snapshot = CheckSnapshot.create({
        workspaceRoot: deps.workspaceRoot,
        staging: deps.staging,
        runId: deps.runId,
        signal,
        ...definedFields({ scratchRoot: deps.config.scratchRoot }),
      }).then((made) => {
        this.#made = made;
        if (this.#disposed) void made.dispose();
        return made;
      });
    } else if (fingerprint !== this.#synced) {
      this.#synced = fingerprint;
      const made = this.#snapshot;
      this.#snapshot = made.then(async (snapshot) => {
        await snapshot.sync(deps.staging);
        return snapshot;
      });
    }
    const pending = this.#snapshot;
    try {
      return (await pending).dir;
    } catch (error) {
      // A failed snapshot is made again next time (a cancel, a full disk that was cleared).
      if (this.#snapshot === pending) {
        this.#snapshot = undefined;
        this.#synced = undefined;
      }
      throw error;
    }
  }
}

/** What is staged, in one string: paths and proposed hashes. */
function stagedFingerprint(staging: StagingReader): string {
  return staging
    .entries()
    .map((e) => `${e.path}\0${e.proposedHash ?? '-'}`)
    .join('\n');
}

/** The last `max` characters of a text, cut at a line start when one is near. */
export function tailOf(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const newline = cut.indexOf('\n');
  return newline !== -1 && newline < 200 ? cut.slice(newline + 1) : cut;
}

function describeForTool(run: CheckRun): string {
  const { spec, result, diagnostics } = run;
  const head =
    result.outcome === 'passed'
      ? `Check "${spec.id}" (${spec.command}) passed in ${(result.durationMs / 1000).toFixed(1)} s.`
      : `Check "${spec.id}" (${spec.command}) ${outcomeWords(result)} after ${(result.durationMs / 1000).toFixed(1)} s.${result.message !== undefined ? ` ${result.message}` : ''}`;
  const problems =
    diagnostics.length === 0
      ? ''
      : `\n\nProblems it points at:\n${diagnostics
          .slice(0, 30)
          .map((d) => `- ${d.path}${d.line !== undefined ? `:${d.line}` : ''}: ${d.message}${d.owner !== undefined ? ` (owner: ${d.owner})` : ''}`)
          .join('\n')}`;
  const output = result.output.trim() === '' ? '' : `\n\nOutput (end):\n${tailOf(result.output, 6000)}`;
  return `${head}${problems}${output}`;
}

export function outcomeWords(result: Pick<CheckProcessResult, 'outcome' | 'exitCode'>): string {
  switch (result.outcome) {
    case 'passed':
      return 'passed';
    case 'failed':
      return `failed with exit code ${result.exitCode ?? '?'}`;
    case 'timed-out':
      return 'timed out';
    case 'cancelled':
      return 'was cancelled';
    case 'error':
      return 'could not run';
  }
}
