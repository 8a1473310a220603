/**
 * The shape of a scripted demo agent (what it says and which tools it calls, turn by turn) and the
 * small builders its scripts are written with.
 */
import type { JsonObject, ToolUseBlockSpec } from '../fakeApi/script';
import { toolUse } from '../fakeApi/turns';

/** One model turn: what the agent says, then the tools it calls. */
export interface AgentStep {
  readonly say: string;
  readonly calls: readonly ToolUseBlockSpec[];
}

export interface AgentScript {
  readonly taskId: string;
  readonly steps: readonly AgentStep[];
  /** The step whose first request gets a 429 with `retry-after-ms` (once per demo server). */
  readonly rateLimitedAt?: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** A finding as an agent reports it with `report_finding`: always about one line of one file. */
export interface ScriptedFinding {
  readonly severity: Severity;
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

export const step = (say: string, ...calls: ToolUseBlockSpec[]): AgentStep => ({ say, calls });
export const read = (path: string): ToolUseBlockSpec => toolUse('read_file', { path });
export const finish = (summary: string): ToolUseBlockSpec => toolUse('finish', { summary });

export function report(finding: ScriptedFinding): ToolUseBlockSpec {
  const input: JsonObject = { severity: finding.severity, path: finding.path, line: finding.line, message: finding.message };
  return toolUse('report_finding', input);
}

/**
 * One fact or problem of the sample project as the demo's read-only agents see it: where it is, how
 * the synthesis words it once merged, and which agents report it in their own words. Two agents
 * reporting one issue give the synthesis a duplicate to merge.
 */
export interface ScriptedIssue {
  readonly severity: Severity;
  readonly path: string;
  readonly line: number;
  /** Text the cited line of the sample holds (the tests check the line against it). */
  readonly anchor: string;
  /** The merged finding's message. */
  readonly message: string;
  /** Task id of each agent that reports it, with its own wording. */
  readonly reports: Readonly<Record<string, string>>;
}

/** The findings `taskId` reports, in the order of `issues`. */
export function findingsOf(issues: readonly ScriptedIssue[], taskId: string): ScriptedFinding[] {
  return issues.flatMap((issue) => {
    const message = Object.hasOwn(issue.reports, taskId) ? issue.reports[taskId] : undefined;
    return message === undefined ? [] : [{ severity: issue.severity, path: issue.path, line: issue.line, message }];
  });
}
