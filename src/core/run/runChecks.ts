/**
 * The check phase as one run sees it: after every agent has ended, a pass of the approved checks; a
 * failing pass sends its failures back to the owning agents for a fix-up round (at most
 * `fixRounds`), then the checks run again; the phase ends with `checks.finished` (passing or
 * failing). The run (`run.ts`) calls `afterAgents()` each time its agents have all ended and
 * launches the fix-ups it is given. Resumable: the pass to run next follows from the run state.
 */
import type { AgentResume, FinalConversation } from './contextTypes';
import type { RunEventBody } from './events';
import type { RunState } from './runStateTypes';
import { CheckPhase, type CheckPhaseDeps, type CheckRun } from './checkPhase';
import { continueWith, fixupText, planFixups, type FixupWork } from './fixup';
import { readTranscript, transcriptPath } from './agent/transcript';
import { resumeWith } from './agentResume';

/** What the check phase of a run works with (the same as one pass's). */
export type RunChecksDeps = CheckPhaseDeps;

/** A fix-up to launch: the task and the conversation it continues. */
export interface FixupLaunch {
  readonly taskId: string;
  readonly round: number;
  readonly resume: AgentResume;
}

export type AfterAgents = { readonly kind: 'end' } | { readonly kind: 'fixups'; readonly launches: readonly FixupLaunch[] };

export class RunChecks {
  readonly phase: CheckPhase;
  readonly #deps: RunChecksDeps;
  /** Conversations of agents that ended done, for a run without a folder (a run with one reads them from its transcripts). */
  readonly #finals = new Map<string, FinalConversation>();

  constructor(deps: RunChecksDeps) {
    this.#deps = deps;
    this.phase = new CheckPhase(deps);
  }

  /** The event that opens the phase (after `run.started`). */
  planned(): RunEventBody {
    return { kind: 'checks.planned', checks: this.#deps.config.checks, fixRounds: this.#deps.config.fixRounds };
  }

  /** Keeps an agent's final conversation when the run has no folder to read it from. */
  agentEnded(taskId: string, conversation: FinalConversation | undefined): void {
    if (this.#deps.runDir === undefined && conversation !== undefined) this.#finals.set(taskId, conversation);
  }

  /** Whether the phase has its verdict (nothing more to run). */
  done(state: RunState): boolean {
    return state.checks?.verdict !== undefined;
  }

  /**
   * Runs the next pass and decides what follows: fix-ups to launch, or the end (the verdict emitted).
   * `mayFix` is false once the run stops taking new model turns (a spent budget, a cancel).
   */
  async afterAgents(state: () => RunState, signal: AbortSignal, mayFix: () => boolean): Promise<AfterAgents> {
    const config = this.#deps.config;
    const pass = (state().checks?.rounds ?? 0) + 1;
    const runs = await this.phase.pass(pass, signal);
    const failing = runs.filter((r) => r.result.outcome !== 'passed');
    const now = state();
    // Failing checks, and in the first round validators' error findings, go back to their owners.
    if (pass <= config.fixRounds && mayFix() && !signal.aborted) {
      // Each agent's conversation is read once this round (from its transcript in a run with a folder).
      const finals = new Map<string, FinalConversation | undefined>();
      const finalOf = (taskId: string): FinalConversation | undefined => {
        if (!finals.has(taskId)) finals.set(taskId, this.#final(taskId));
        return finals.get(taskId);
      };
      const eligible = (taskId: string): boolean => now.agents[taskId]?.status === 'done' && finalOf(taskId) !== undefined;
      const work = planFixups(runs, now, this.#deps.plan, { round: pass, eligible });
      if (work.length > 0) {
        this.#deps.emit({
          kind: 'fixup.started',
          round: pass,
          tasks: work.map((w) => ({
            taskId: w.taskId,
            checks: w.checks.map((c) => c.run.spec.id),
            diagnostics: w.checks.reduce((n, c) => n + c.problems.length, 0),
            findings: w.findings.length,
          })),
        });
        return { kind: 'fixups', launches: work.flatMap((w) => this.#launch(w, now, pass, finalOf(w.taskId))) };
      }
    }
    if (failing.length === 0) {
      this.#finish({ verdict: 'passing', passes: pass, rounds: pass - 1, failing: [], owners: [], message: `Every check passed (pass ${pass}).` });
      return { kind: 'end' };
    }
    const owners = planFixups(failing, now, this.#deps.plan, { round: 0, eligible: () => true }).map((w) => w.taskId);
    this.#finish({
      verdict: 'failing',
      passes: pass,
      rounds: pass - 1,
      failing: failing.map((r) => r.spec.id),
      owners,
      message: failingMessage(failing, pass, signal.aborted),
    });
    return { kind: 'end' };
  }

  async dispose(): Promise<void> {
    this.#finals.clear();
    await this.phase.dispose();
  }

  #finish(body: Omit<Extract<RunEventBody, { kind: 'checks.finished' }>, 'kind'>): void {
    this.#deps.emit({ kind: 'checks.finished', ...body });
  }

  #final(taskId: string): FinalConversation | undefined {
    const runDir = this.#deps.runDir;
    if (runDir === undefined) return this.#finals.get(taskId);
    const saved = readTranscript(transcriptPath(runDir, taskId));
    return saved !== undefined && saved.messages.length > 1 ? { messages: saved.messages, compacted: saved.compacted } : undefined;
  }

  #launch(work: FixupWork, state: RunState, round: number, final: FinalConversation | undefined): FixupLaunch[] {
    const agent = state.agents[work.taskId];
    if (agent === undefined || final === undefined) return [];
    const messages = continueWith(final, fixupText(work, this.#deps.staging, round, this.#deps.config.fixRounds));
    return [{ taskId: work.taskId, round, resume: resumeWith(agent, { attempt: agent.attempt, messages, compacted: final.compacted, wholeBytes: 0 }) }];
  }
}

function failingMessage(failing: readonly CheckRun[], pass: number, cancelled: boolean): string {
  const names = failing.map((r) => r.spec.id).join(', ');
  if (cancelled) return `The run was stopped during check pass ${pass}; not proven: ${names}.`;
  return `Still failing after pass ${pass}: ${names}.`;
}
