/**
 * The outcome of a `review` run: the synthesis's Markdown report and ranked findings, or, when the
 * synthesis failed (or never ran), a plain report built from the reviewers' own findings grouped by
 * severity, saying why there is no synthesis. Pure.
 */
import type { Severity } from '../plan/plan';
import type { RankedFinding } from '../run/checkEvents';
import type { Finding, RunState } from '../run/runStateTypes';
import { definedFields } from '../definedFields';

export interface ReviewResult {
  readonly report: string;
  /** Most important first: the synthesis's ranking, or the reviewers' findings by severity. */
  readonly findings: readonly RankedFinding[];
}

const SEVERITIES: readonly { readonly severity: Severity; readonly heading: string }[] = [
  { severity: 'error', heading: 'Errors' },
  { severity: 'warning', heading: 'Warnings' },
  { severity: 'info', heading: 'Notes' },
];

function where(f: { readonly path?: string; readonly line?: number }): string {
  return f.path !== undefined ? `\`${f.path}${f.line !== undefined ? `:${f.line}` : ''}\` ` : '';
}

function whyNoSynthesis(state: RunState): string {
  const synthesis = state.synthesis;
  if (synthesis?.status === 'failed') {
    const message = (synthesis.message ?? '').trim() || 'no reason given';
    const sentence = /^the synthesis/i.test(message) ? message : `The synthesis failed: ${message}`;
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  if (synthesis?.status === 'running') return 'The synthesis did not finish.';
  if (synthesis?.status === 'done') return 'The synthesis gave no report.';
  return state.status === 'done' ? 'The run ended without a synthesis.' : `The run ended ${state.status} before its synthesis.`;
}

/** The reviewers' findings, most severe first, each as found (one reviewer each). */
function bySeverity(findings: readonly Finding[]): RankedFinding[] {
  return SEVERITIES.flatMap(({ severity }) =>
    findings
      .filter((f) => f.severity === severity)
      .map((f) => ({
        severity,
        message: f.message,
        ...definedFields({ path: f.path, line: f.line }),
        from: [f.taskId],
      })),
  );
}

/** What the agents of a read-only run are called in its plain report. */
export type AgentNoun = 'reviewer' | 'researcher';

function plainReport(state: RunState, subject: string, findings: readonly RankedFinding[], noun: AgentNoun): string {
  const title = (id: string) => state.agents[id]?.title ?? id;
  const lines = [`# ${subject}`, '', `${whyNoSynthesis(state)} Below are the ${noun}s' own findings, grouped by severity and not merged.`];
  if (findings.length === 0) lines.push('', `No ${noun} reported a finding.`);
  for (const { severity, heading } of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `## ${heading} (${group.length})`, '');
    for (const f of group) lines.push(`- ${where(f)}${f.message} (${f.from.map(title).join(', ')})`);
  }
  const agents = state.agentOrder.map((id) => state.agents[id]).filter((a) => a !== undefined);
  if (agents.length > 0) {
    lines.push('', `## ${noun === 'reviewer' ? 'Reviewers' : 'Researchers'}`, '');
    for (const a of agents) lines.push(`- **${a.title}** (${a.status}): ${a.summary?.trim() || a.message?.trim() || 'no summary'}`);
  }
  return `${lines.join('\n')}\n`;
}

export function reviewResult(state: RunState, subject: string, noun: AgentNoun = 'reviewer'): ReviewResult {
  const synthesis = state.synthesis;
  if (synthesis?.status === 'done' && synthesis.report !== undefined) {
    return { report: synthesis.report.endsWith('\n') ? synthesis.report : `${synthesis.report}\n`, findings: synthesis.findings ?? [] };
  }
  const findings = bySeverity(state.findings);
  return { report: plainReport(state, subject, findings, noun), findings };
}
