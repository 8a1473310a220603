/**
 * The tools' contracts: what a tool call gets (its task, its staging view, the plan, the emitter,
 * the signal), what it returns, and the toolbox that defines, describes and executes the calls.
 * Pure types; the toolbox is `toolbox.ts`.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Plan, TaskSpec } from '../../plan/plan';
import type { RunEventBody } from '../../run/events';
import type { StagingView } from '../stagingTypes';

/** What a tool call needs: the agent's task, its view of the staging store, the run's plan and emitter. */
export interface ToolContext {
  readonly task: TaskSpec;
  readonly plan: Plan;
  readonly workspaceRoot: string;
  readonly view: StagingView;
  /** Emits `agent.*`, `file.staged`, `write.denied`, `finding.reported` bodies for this task. */
  readonly emit: (body: RunEventBody) => void;
  /** Aborts when the run or this agent is cancelled. */
  readonly signal: AbortSignal;
  /** The run's approved checks, for `run_check`; absent in a run without checks. */
  readonly checks?: CheckTool;
}

/** What `run_check` runs on: the run's approved checks, each in the run's snapshot of the combined result. */
export interface CheckTool {
  readonly ids: readonly string[];
  /** Runs one check for a validator; its outcome is the tool result (exit code, output tail, problems found). */
  run(checkId: string, taskId: string, signal: AbortSignal): Promise<ToolOutcome>;
}

export interface ToolOutcome {
  /** Text for the tool_result block. */
  readonly content: string;
  readonly isError: boolean;
  /** Set by the finish tool: the agent is done with this summary. */
  readonly finished?: { readonly summary: string };
  /** Workspace-relative path the call concerned, for events. */
  readonly path?: string;
}

export interface Toolbox {
  /** Tool definitions for a task's phase, in a stable order (they are part of the cached prefix). */
  definitions(phase: TaskSpec['phase']): Anthropic.Tool[];
  /** A short summary of a call for the UI: "edit src/api/user.ts". */
  describe(name: string, input: unknown): { readonly summary: string; readonly path?: string };
  execute(name: string, input: unknown, ctx: ToolContext): Promise<ToolOutcome>;
}
