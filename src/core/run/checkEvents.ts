/**
 * The events of a run's check phase (`checks.*`, `check.*`, `fixup.started`) and of a read-only
 * fan-out's synthesis (`synthesis.*`): parts of `RunEventBody` (`events.ts`).
 */
import type { Severity } from '../plan/plan';
import type { TokenUsage } from '../model/usage';
import type { CheckDiagnostic, CheckOutcome, CheckSpec, ChecksSkippedReason, ChecksVerdict } from '../checks/checkTypes';

export type CheckEventBody =
  /**
   * The run checks its combined result with these approved commands (after `run.started`), with at
   * most `fixRounds` fix-up rounds. Absent from a run without checks, which says `checks.skipped`.
   */
  | { readonly kind: 'checks.planned'; readonly checks: readonly CheckSpec[]; readonly fixRounds: number }
  /** The run has no check phase, and why (nothing to run, an untrusted workspace, a list not approved). */
  | { readonly kind: 'checks.skipped'; readonly reason: ChecksSkippedReason; readonly message: string }
  /**
   * One check starts in the run's snapshot. `pass` 1 checks the implementers' result; pass N+1 follows
   * fix-up round N. `requestedBy`: a validator ran it with `run_check` (not part of a pass's verdict).
   */
  | { readonly kind: 'check.started'; readonly checkId: string; readonly pass: number; readonly command: string; readonly requestedBy?: string }
  | {
      readonly kind: 'check.finished';
      readonly checkId: string;
      readonly pass: number;
      readonly requestedBy?: string;
      readonly outcome: CheckOutcome;
      readonly exitCode: number | null;
      readonly signal?: string;
      readonly durationMs: number;
      /** Bytes the check printed, counted past the cap too. */
      readonly outputBytes: number;
      readonly truncated: boolean;
      /** The last CHECK_TAIL_CHARS characters of its output. */
      readonly tail: string;
      /** Problems its output points at, each attributed to the owning task (first MAX_EVENT_DIAGNOSTICS). */
      readonly diagnostics: readonly CheckDiagnostic[];
      readonly diagnosticsTotal: number;
      /** The whole kept output, relative to the run folder (`checks/p1-test.log`); absent for a run without a folder. */
      readonly log?: string;
      readonly message?: string;
    }
  /** Failing checks and error findings went back to these agents, each to fix its own files. */
  | {
      readonly kind: 'fixup.started';
      readonly round: number;
      readonly tasks: readonly { readonly taskId: string; readonly checks: readonly string[]; readonly diagnostics: number; readonly findings: number }[];
    }
  /** The check phase ended: every check passed, or these still fail (and the agents whose files they point at). */
  | {
      readonly kind: 'checks.finished';
      readonly verdict: ChecksVerdict;
      /** Check passes made (1 + fix-up rounds used). */
      readonly passes: number;
      readonly rounds: number;
      readonly failing: readonly string[];
      readonly owners: readonly string[];
      readonly message: string;
    };

export type SynthesisEventBody =
  /**
   * A read-only fan-out's synthesis: after every agent (and the checks) ended, one model call merges
   * the agents' findings and summaries (never their transcripts) into ranked, de-duplicated findings
   * and one Markdown report.
   */
  | { readonly kind: 'synthesis.started'; readonly model: string }
  | {
      readonly kind: 'synthesis.finished';
      readonly model: string;
      /** Markdown, at most SYNTHESIS_REPORT_CHARS characters. */
      readonly report: string;
      /** Most important first; each names the tasks that reported it. */
      readonly findings: readonly RankedFinding[];
      readonly usage: TokenUsage;
      /** USD, or null when the model has no price. */
      readonly costUsd: number | null;
    }
  | { readonly kind: 'synthesis.failed'; readonly message: string };

/** One finding of a synthesis: several agents' reports of one problem merged, ranked by the synthesis. */
export interface RankedFinding {
  readonly severity: Severity;
  readonly message: string;
  readonly path?: string;
  readonly line?: number;
  /** The tasks whose findings it merges. */
  readonly from: readonly string[];
}
