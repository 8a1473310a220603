/**
 * A read-only fan-out, ready to run: a review of the current change or a research question, made
 * into validators only (they run side by side under the cap, stage nothing, report through
 * `report_finding` and their summary) plus the shared context they all read, and the subject the
 * run's synthesis merges their findings under. The CLI (`review`, `research`) and the VS Code
 * commands ("Fanout: Distribute Review", "Fanout: Distribute Research") build one and run it the same
 * way: `startRun` with `synthesis: { subject }`. Nothing in the workspace is written.
 */
import type { ValidatedPlan } from '../plan/planCheck';
import type { TokenUsage } from '../model/usage';

export type ReadOnlyKind = 'review' | 'research';

export interface ReadOnlyRun {
  readonly kind: ReadOnlyKind;
  /** "Review of the working tree against HEAD", "Research: How are sessions stored?": the run's request and the synthesis's subject. */
  readonly subject: string;
  /** Validate-phase tasks only, none owning a file. */
  readonly plan: ValidatedPlan;
  readonly sharedContext: string;
  /** A model call made to prepare it (research: splitting the question), paid before the run starts. */
  readonly preparation?: { readonly model: string; readonly usage: TokenUsage; readonly costUsd: number | null };
}
