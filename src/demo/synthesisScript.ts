/**
 * The demo's synthesis: the answer to the call that ends a review or a research run. It reads the
 * request's input (`synthesisInput`: `# Subject`, then one `## Agent "<id>"` block per agent with its
 * findings), picks the review or the research answer by the subject line, and merges the scripted
 * findings of the agents that are in the input and did report them, so a review of two roles names
 * only those two. The issue two reviewers both report comes back once, naming both.
 */
import type { LoggedRequest, TurnFunction } from '../fakeApi/script';
import { reply } from '../fakeApi/turns';
import type { ScriptedIssue, Severity } from './agentScript';
import { lastUserText, paced } from './demoTurns';
import { DEMO_RESEARCH_NOTE, RESEARCH_ANSWERS, RESEARCH_FACTS } from './researchScript';
import { REVIEW_ISSUES } from './reviewScript';

/** The synthesis's answer, as `src/core/run/synthesis.ts` checks it. */
export interface DemoSynthesis {
  readonly report: string;
  readonly findings: readonly MergedFinding[];
}

export interface MergedFinding {
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly line: number;
  readonly from: readonly string[];
}

/** One agent's block of the input. */
interface InputAgent {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly text: string;
}

type Kind = 'review' | 'research';

/** Said at the end of every demo report. */
export const DEMO_REVIEW_NOTE = 'Demo mode reviews the bundled sample project whatever was asked; set an API key to review your own changes.';

const AGENT_HEADER = /^## Agent "([^"\n]{1,64})": (.*)$/gm;
const MAX_AGENTS = 100;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const HEADINGS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/** The synthesis route's turn. */
export const synthesisTurn: TurnFunction = (request: LoggedRequest) => paced(reply([JSON.stringify(demoSynthesis(lastUserText(request)))]));

/** The answer to a synthesis request whose user message is `input`. */
export function demoSynthesis(input: string): DemoSynthesis {
  const subject = subjectOf(input);
  const agents = agentsOf(input);
  const kind = kindOf(subject, agents);
  const findings = merge(kind === 'review' ? REVIEW_ISSUES : RESEARCH_FACTS, agents);
  const summary = kind === 'review' ? reviewSummary(agents, findings) : researchSummary(agents);
  const note = kind === 'review' ? DEMO_REVIEW_NOTE : DEMO_RESEARCH_NOTE;
  const fallback = kind === 'review' ? 'Review of the sample project' : 'Research on the sample project';
  const report = [
    `# ${subject === '' ? fallback : subject}`,
    summary,
    ...SEVERITIES.flatMap((severity) => section(severity, findings)),
    '## Not established',
    notEstablished(agents),
    '## Demo',
    `This report is scripted, not written by a model. ${note}`,
  ].join('\n\n');
  return { report: `${report}\n`, findings };
}

function subjectOf(input: string): string {
  const match = /^# Subject\n(.*)$/m.exec(input);
  return (match?.[1] ?? '').trim().slice(0, 300);
}

function agentsOf(input: string): InputAgent[] {
  const headers = [...input.matchAll(AGENT_HEADER)].slice(0, MAX_AGENTS);
  return headers.map((header, index) => {
    const start = header.index ?? 0;
    const end = headers[index + 1]?.index ?? input.length;
    // The header's rest is "<title> (<role>), <status>".
    const rest = /^(.*) \([^()]*\), ([a-z-]+)$/.exec(header[2] ?? '');
    const id = header[1] ?? '';
    return { id, title: rest?.[1] ?? id, status: rest?.[2] ?? 'unknown', text: input.slice(start, end) };
  });
}

/** By the subject line ("Review of …", "Research: …"); otherwise by the agents' ids (q1, q2, … are research questions). */
function kindOf(subject: string, agents: readonly InputAgent[]): Kind {
  if (subject.startsWith('Review of ')) return 'review';
  if (subject.startsWith('Research: ')) return 'research';
  return agents.some((agent) => /^q\d+$/.test(agent.id)) ? 'research' : 'review';
}

/** Each issue once, from the agents of the input that reported it there; issues nobody reported are left out. */
function merge(issues: readonly ScriptedIssue[], agents: readonly InputAgent[]): MergedFinding[] {
  const merged = issues.flatMap((issue) => {
    // synthesisInput lists each finding as "- F<n> [severity] <path>:<line>: <message>".
    const where = ` ${issue.path}:${issue.line}: `;
    const from = agents.filter((agent) => Object.hasOwn(issue.reports, agent.id) && agent.text.includes(where)).map((agent) => agent.id);
    return from.length === 0 ? [] : [{ severity: issue.severity, message: issue.message, path: issue.path, line: issue.line, from }];
  });
  return SEVERITIES.flatMap((severity) => merged.filter((finding) => finding.severity === severity));
}

function section(severity: Severity, findings: readonly MergedFinding[]): string[] {
  const of = findings.filter((finding) => finding.severity === severity);
  if (of.length === 0) return [];
  const lines = of.map((f) => `- \`${f.path}:${f.line}\`: ${f.message} (${f.from.join(', ')})`);
  return [`## ${HEADINGS[severity]}`, lines.join('\n')];
}

function reviewSummary(agents: readonly InputAgent[], findings: readonly MergedFinding[]): string {
  if (agents.length === 0) return 'No reviewer reported, so there is nothing to merge.';
  const count = (severity: Severity): number => findings.filter((f) => f.severity === severity).length;
  const reviewers = `${plural(agents.length, 'reviewer')} (${agents.map((a) => a.title).join('; ')})`;
  const nouns: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };
  const counts = SEVERITIES.filter((severity) => count(severity) > 0).map((severity) => plural(count(severity), nouns[severity]));
  const tally = `${plural(findings.length, 'distinct finding')}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`;
  const first = findings[0];
  const top = first === undefined ? '' : ` The most important: ${firstSentence(first.message)}`;
  const shared = findings.find((f) => f.from.length > 1);
  const dup = shared === undefined ? '' : ` ${shared.from.length} reviewers reported \`${shared.path}:${shared.line}\` independently; it is listed once.`;
  return `${reviewers} read the sample todo API and raised ${tally}.${top}${dup}`;
}

function researchSummary(agents: readonly InputAgent[]): string {
  const answers = agents.flatMap((agent) => (agent.status === 'done' && Object.hasOwn(RESEARCH_ANSWERS, agent.id) ? [RESEARCH_ANSWERS[agent.id]] : []));
  return answers.length === 0 ? 'No question was answered, so there is nothing to combine.' : answers.join(' ');
}

function notEstablished(agents: readonly InputAgent[]): string {
  const missing = agents.filter((agent) => agent.status !== 'done');
  if (missing.length === 0) return 'Nothing left open: every agent finished.';
  return missing.map((agent) => `- ${agent.title} (${agent.id}) ended ${agent.status}; its angle is missing from this report.`).join('\n');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function firstSentence(text: string): string {
  const end = text.indexOf('. ');
  return end === -1 ? text : text.slice(0, end + 1);
}
