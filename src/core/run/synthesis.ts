/**
 * The synthesis of a read-only fan-out (a review, a research): after every agent has ended, one
 * structured call gets each agent's title, role, outcome, summary and findings (never its
 * transcript) and answers with the findings merged (duplicates across agents joined, each naming the
 * agents it came from), ranked most important first, and one Markdown report. Sent at the run's gate
 * like any model call; its tokens count against the run's budget.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { RankedFinding } from './checkEvents';
import type { PriceTable, SynthesisOptions } from './engineTypes';
import type { RunState } from './runStateTypes';
import type { ModelTable } from '../model/modelTable';
import { costOf } from '../model/prices';
import { usageOfAnswer, type TokenUsage } from '../model/usage';
import { checkAnswer, invalidAnswerMessage, requestStructured } from '../planning/structuredCall';
import { definedFields } from '../definedFields';

/** The synthesis request's system prompt starts with this (the fake Messages API routes on it). */
export const SYNTHESIS_MARKER = 'You merge the findings of read-only agents';
/** Longest report kept. */
export const SYNTHESIS_REPORT_CHARS = 64 * 1024;
/** Findings and characters of agent text the request carries at most. */
const MAX_INPUT_FINDINGS = 300;
const MAX_INPUT_CHARS = 120_000;
const SYNTHESIS_MAX_TOKENS = 16_000;
const SYNTHESIS_TIMEOUT_MS = 180_000;

const SYSTEM = `${SYNTHESIS_MARKER} that worked in parallel on one subject (a code review, a research question).
You get each agent's role, summary and findings, each finding with an id. Answer with one JSON object:
- "findings": the findings merged: one entry per distinct problem (join duplicates and near-duplicates that several agents reported), each with "severity" (error, warning or info; the highest its reports gave unless the evidence says otherwise), a one- or two-sentence "message", "path" and "line" when known, and "from": the ids of the agents whose findings it merges. Most important first: errors before warnings before info, then by impact. Drop nothing that an agent reported as an error.
- "report": a Markdown report for the person who asked: a one-paragraph summary, then the findings in that order grouped by severity with their file and line, then what the agents could not establish. No preamble.`;

const answerSchema = z.object({
  report: z.string().min(1).max(400_000),
  findings: z
    .array(
      z.object({
        severity: z.enum(['error', 'warning', 'info']),
        message: z.string().min(1).max(4000),
        path: z.string().min(1).max(1000).optional(),
        line: z.number().int().min(1).max(10_000_000).optional(),
        from: z.array(z.string().min(1).max(64)).max(100),
      }),
    )
    .max(500),
});

export interface SynthesisResult {
  readonly ok: true;
  readonly model: string;
  readonly report: string;
  readonly findings: readonly RankedFinding[];
  readonly usage: TokenUsage;
  readonly costUsd: number | null;
}

export interface SynthesisCall {
  readonly client: Anthropic;
  readonly modelTable: ModelTable;
  readonly prices: PriceTable;
  readonly options: SynthesisOptions;
  readonly state: RunState;
  readonly signal: AbortSignal;
}

/** Runs the synthesis; never throws: a failure comes back with its reason in words. */
export async function synthesize(call: SynthesisCall): Promise<SynthesisResult | { readonly ok: false; readonly message: string }> {
  const { options, state } = call;
  const model = call.modelTable.resolve(options.model);
  try {
    const reply = await requestStructured({
      client: call.client,
      model,
      modelSetting: 'the validator model',
      role: 'planner',
      effort: options.effort ?? 'default',
      system: SYSTEM,
      messages: [{ role: 'user', content: synthesisInput(state, options.subject ?? state.plan?.request ?? '') }],
      schema: answerSchema,
      thing: 'synthesis',
      maxTokens: SYNTHESIS_MAX_TOKENS,
      timeoutMs: SYNTHESIS_TIMEOUT_MS,
      signal: call.signal,
    });
    const usage = usageOfAnswer(reply.message.usage);
    const checked = checkAnswer(answerSchema, reply.json);
    if (!checked.ok) return { ok: false, message: invalidAnswerMessage('synthesis', checked.error) };
    const known = new Set(state.agentOrder);
    return {
      ok: true,
      model: model.id,
      report: cut(checked.value.report, SYNTHESIS_REPORT_CHARS),
      findings: checked.value.findings.map((f) => ({
        severity: f.severity,
        message: f.message,
        ...definedFields({ path: f.path }),
        ...(f.line !== undefined && f.path !== undefined ? { line: f.line } : {}),
        from: [...new Set(f.from.filter((id) => known.has(id)))],
      })),
      usage,
      costUsd: costOf(model.id, usage, call.prices),
    };
  } catch (error) {
    return { ok: false, message: `The synthesis failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** What the synthesis is told: the subject, then each agent's role, outcome, summary and findings, bounded. */
export function synthesisInput(state: RunState, subject: string): string {
  const parts: string[] = [`# Subject\n${subject.trim()}`];
  let left = MAX_INPUT_CHARS;
  let findingsLeft = MAX_INPUT_FINDINGS;
  let n = 0;
  for (const id of state.agentOrder) {
    const agent = state.agents[id];
    if (agent === undefined) continue;
    const findings = state.findings.filter((f) => f.taskId === id).slice(0, Math.max(0, findingsLeft));
    findingsLeft -= findings.length;
    const lines = findings.map((f) => {
      n += 1;
      return `- F${n} [${f.severity}]${f.path !== undefined ? ` ${f.path}${f.line !== undefined ? `:${f.line}` : ''}` : ''}: ${f.message}`;
    });
    const block = [
      `## Agent "${id}": ${agent.title} (${agent.role}), ${agent.status}`,
      `Summary: ${agent.summary ?? agent.message ?? '(none)'}`,
      lines.length > 0 ? `Findings:\n${lines.join('\n')}` : 'Findings: none',
    ].join('\n');
    if (block.length > left) {
      parts.push(`(The remaining agents' reports were left out: the input is capped at ${MAX_INPUT_CHARS} characters.)`);
      break;
    }
    left -= block.length;
    parts.push(block);
  }
  return parts.join('\n\n');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n\n… (the report was cut at ${max} characters)`;
}
