/**
 * The engine as `RunsService` starts it: a new run in a new folder of the store, or an interrupted
 * run continued in its own, with the ripgrep VS Code ships (`bundledRipgrep.ts`, from the app root the
 * window passes) unless the options name one. Tests pass a fake engine. No `vscode` import.
 */
import { newRunId as defaultRunId, resumeRun as defaultResumeRun, startRun as defaultStartRun } from '../../core/run/engine';
import type { ResumeOptions, RunHandle, RunOptions } from '../../core/run/engineTypes';
import type { RunStore } from '../../core/store/runStore';
import { findBundledRipgrep } from './bundledRipgrep';

export interface RunEngineOptions {
  /** The engine (tests pass a fake). */
  readonly startRun?: (options: RunOptions) => RunHandle;
  /** The engine's resume (tests pass a fake). */
  readonly resumeRun?: (options: ResumeOptions) => Promise<RunHandle>;
  readonly newRunId?: () => string;
  /** VS Code's application root (`vscode.env.appRoot`): runs search with the ripgrep shipped there. */
  readonly appRoot?: string;
}

/** Builds a run's options from its id and folder. */
export type BuildRun<T> = (run: { readonly runId: string; readonly runDir: string }) => T;

export class RunEngine {
  private readonly startEngine: (options: RunOptions) => RunHandle;
  private readonly resumeEngine: (options: ResumeOptions) => Promise<RunHandle>;
  private readonly newRunId: () => string;
  /** VS Code's ripgrep, looked up by the first run (undefined: none found). */
  private ripgrep: { readonly path: string | undefined } | undefined;

  constructor(private readonly options: RunEngineOptions) {
    this.startEngine = options.startRun ?? defaultStartRun;
    this.resumeEngine = options.resumeRun ?? defaultResumeRun;
    this.newRunId = options.newRunId ?? (() => defaultRunId());
  }

  /** Starts a run under a new id; throws what the engine throws (a plan with errors). */
  start(store: RunStore, build: BuildRun<RunOptions>): RunHandle {
    const runId = this.newRunId();
    return this.startEngine(this.withRipgrep(build({ runId, runDir: store.dirOf(runId) })));
  }

  /** Continues the run `runId` in its folder; rejects when the engine refuses. */
  resume(store: RunStore, runId: string, build: BuildRun<ResumeOptions>): Promise<RunHandle> {
    return this.resumeEngine(this.withRipgrep(build({ runId, runDir: store.dirOf(runId) })));
  }

  /** The run's options with VS Code's ripgrep, unless the options name one already. */
  private withRipgrep<T extends { readonly ripgrepPath?: string }>(options: T): T {
    this.ripgrep ??= { path: findBundledRipgrep(this.options.appRoot) };
    const path = options.ripgrepPath ?? this.ripgrep.path;
    return path === undefined ? options : { ...options, ripgrepPath: path };
  }
}
