/**
 * The shapes of a run's state: the run, its agents, staged files, denied writes and findings. The
 * fold that builds them from events is runState.ts.
 */
import type { TailPiece } from './textTail';
import type { AgentEndReason, CapacityReason, FileChange, RunOutcome } from './eventVocabulary';
import type { ModelFailureKind, RetryCause } from './events';
import type { RankedFinding } from './checkEvents';
import type { Phase, Plan, Severity } from '../plan/plan';
import type { TokenUsage } from '../model/usage';
import type { CheckDiagnostic, CheckOutcome, CheckSource, ChecksSkippedReason, ChecksVerdict } from '../checks/checkTypes';

export type AgentStatus = 'queued' | 'running' | 'waiting' | 'retrying' | 'blocked' | 'done' | 'failed' | 'cancelled';
export type ReviewState = 'pending' | 'applied' | 'discarded' | 'conflict';
/**
 * `interrupted`: the log ends without `run.finished` and nothing is writing it any more (the window
 * that ran it closed, VS Code or the CLI was killed). The fold never produces it: whoever knows the
 * writer is gone marks it (`markInterrupted`).
 */
export type RunStatus = 'idle' | 'running' | 'interrupted' | RunOutcome;

export type { TailPiece } from './textTail';

export interface AgentState {
  readonly taskId: string;
  readonly title: string;
  readonly role: string;
  readonly phase: Phase;
  readonly dependsOn: readonly string[];
  readonly status: AgentStatus;
  readonly model?: string;
  /** 0 until started; 2+ after a manual retry of the whole agent. */
  readonly attempt: number;
  readonly queuedAt?: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** Time spent running, summed over attempts. */
  readonly activeMs: number;
  /** What it is doing now: "edit src/api/user.ts". */
  readonly doing?: string;
  /** The last TEXT_TAIL_CHARS characters the agent streamed (answer text and summarized thinking). */
  readonly textTail: string;
  /** `textTail` split by source, in order; their texts joined are `textTail` (absent in states made before thinking was kept apart). */
  readonly tailPieces?: readonly TailPiece[];
  readonly usage: TokenUsage;
  /** Sum of priced turns; `costKnown` false once any turn had no price. */
  readonly costUsd: number;
  readonly costKnown: boolean;
  /** USD saved by prompt-cache reads, summed over the turns whose saving is known. */
  readonly cacheSavingsUsd: number;
  readonly turns: number;
  readonly toolCalls: number;
  readonly retries: number;
  readonly retry?: { readonly cause: RetryCause; readonly until: number; readonly attempt: number; readonly message: string };
  /** While `waiting`: until when its next request waits for capacity, and why. */
  readonly waiting?: { readonly until: number; readonly reason: CapacityReason };
  readonly deniedWrites: number;
  readonly reason?: AgentEndReason;
  readonly message?: string;
  readonly summary?: string;
  /** The kind of model failure it ended on (`agent.finished.failure`); absent for any other ending. */
  readonly failure?: ModelFailureKind;
  /** Times the conversation was compacted to fit the model's window (absent: never). */
  readonly compactions?: number;
  /** The latest turn a fallback model answered after a refusal, and which model (absent: never). */
  readonly fallback?: { readonly turn: number; readonly from: string; readonly to: string };
  /** The fix-up round it is working on now (absent: none). */
  readonly fixing?: number;
  /** Fix-up rounds it was sent (absent: none). */
  readonly fixups?: number;
}

export interface StagedFile {
  readonly path: string;
  readonly taskId: string;
  readonly change: FileChange;
  readonly baseHash: string | null;
  readonly proposedHash: string | null;
  readonly bytes: number;
  readonly review: ReviewState;
  readonly merged: boolean;
  readonly conflictMessage?: string;
}

export interface DeniedWrite {
  readonly seq: number;
  readonly taskId: string;
  readonly path: string;
  readonly tool: string;
  readonly reason: string;
  readonly owner?: string;
  readonly message: string;
}

export interface Finding {
  readonly seq: number;
  readonly taskId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path?: string;
  readonly line?: number;
}

export type CheckStatus = 'pending' | 'running' | CheckOutcome;

/** One check, as of its latest run in a pass. */
export interface CheckState {
  readonly id: string;
  readonly command: string;
  readonly source: CheckSource;
  readonly origin?: string;
  readonly status: CheckStatus;
  /** The pass its status is from (0: not run yet). */
  readonly pass: number;
  readonly startedAt?: number;
  readonly exitCode?: number | null;
  readonly durationMs?: number;
  readonly outputBytes?: number;
  readonly truncated?: boolean;
  readonly tail?: string;
  readonly diagnostics: readonly CheckDiagnostic[];
  readonly diagnosticsTotal: number;
  /** Its whole output of that pass, relative to the run folder. */
  readonly log?: string;
  readonly message?: string;
}

/**
 * The run's check phase. `waiting`: the agents are still at work; `checking`: a pass is running;
 * `fixing`: a fix-up round is; `passing` / `failing`: the verdict; `skipped`: no check phase (why in `skipped`).
 */
export interface ChecksState {
  readonly phase: 'waiting' | 'checking' | 'fixing' | 'passing' | 'failing' | 'skipped';
  readonly skipped?: { readonly reason: ChecksSkippedReason; readonly message: string };
  readonly fixRounds: number;
  /** Check ids in list order. */
  readonly order: readonly string[];
  readonly byId: Readonly<Record<string, CheckState>>;
  /** The latest pass (0: none yet). */
  readonly pass: number;
  /** Fix-up rounds started. */
  readonly rounds: number;
  /** Wall time spent in check passes and in fix-up rounds. */
  readonly checkMs: number;
  readonly fixupMs: number;
  /** When the current pass or round began. */
  readonly sinceAt?: number;
  readonly verdict?: ChecksVerdict;
  /** With the verdict: checks that still fail, and the agents their problems point at. */
  readonly failing?: readonly string[];
  readonly failingOwners?: readonly string[];
  readonly message?: string;
  /** Per agent that wrote files: whether no failing check of pass 1 pointed at its files (right the first time). */
  readonly firstPass: Readonly<Record<string, boolean>>;
  /** Checks validators ran with `run_check`. */
  readonly validatorRuns: number;
}

/** A read-only fan-out's synthesis (`synthesis.*` events). */
export interface SynthesisState {
  readonly status: 'running' | 'done' | 'failed';
  readonly model?: string;
  readonly report?: string;
  readonly findings?: readonly RankedFinding[];
  readonly usage?: TokenUsage;
  readonly costUsd?: number | null;
  readonly message?: string;
}

export interface RunState {
  readonly runId: string;
  readonly status: RunStatus;
  readonly lastSeq: number;
  readonly plan?: Plan;
  readonly workspaceName?: string;
  readonly maxConcurrency: number;
  readonly demo: boolean;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Time of the latest event, so views can show elapsed time without a clock. */
  readonly lastEventAt?: number;
  readonly message?: string;
  /** Run-wide warnings (`run.warning`), in order; absent when there were none. */
  readonly warnings?: readonly string[];
  /** Agents in plan order. */
  readonly agentOrder: readonly string[];
  readonly agents: Readonly<Record<string, AgentState>>;
  /** Staged files by workspace-relative path. */
  readonly files: Readonly<Record<string, StagedFile>>;
  readonly denied: readonly DeniedWrite[];
  readonly findings: readonly Finding[];
  /** The check phase (absent: a run from before checks, or one whose log has not said yet). */
  readonly checks?: ChecksState;
  /** The synthesis of a read-only fan-out (absent: the run has none). */
  readonly synthesis?: SynthesisState;
}
