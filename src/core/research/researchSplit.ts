/**
 * The split of a research question: one structured call that turns a question about the codebase
 * into 2 to 6 focused sub-questions, each answered by its own read-only agent from the code alone.
 * The model is told the question and a bounded slice of the project context (instructions and repo
 * map), so the sub-questions name the parts of the code that exist. Its answer is hostile input:
 * bounded by the call's output cap, timeout and answer size, checked with `researchSplitSchema`,
 * and any failure becomes a `StructuredCallError` whose message says what was wrong and what to do.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ModelTable } from '../model/modelTable';
import { costOf } from '../model/prices';
import type { EffortSetting } from '../model/requestShape';
import { usageOfAnswer, type TokenUsage } from '../model/usage';
import { StructuredCallError } from '../planning/errors';
import { checkAnswer, invalidAnswerMessage, requestStructured } from '../planning/structuredCall';
import type { PriceTable } from '../run/engineTypes';
import { oneLine } from './researchInput';
import { MAX_QUESTION_CHARS, MAX_RESEARCH_QUESTIONS, MIN_RESEARCH_QUESTIONS, RESEARCH_SPLIT_MARKER, researchSplitSchema } from './researchTypes';

/** Characters of project context the split request carries; the rest is cut (and the request says so). */
export const SPLIT_CONTEXT_CHARS = 24_000;
const SPLIT_MAX_TOKENS = 8_000;
const SPLIT_TIMEOUT_MS = 120_000;
const THING = 'research split';

const SYSTEM = `${RESEARCH_SPLIT_MARKER} into focused sub-questions. Each sub-question goes to its own read-only agent, which answers it by reading the repository (it can list, search and read files; it cannot change or run anything, and cannot ask anyone). The agents work side by side without seeing each other's work; their answers are merged into one report afterwards.
Answer with one JSON object: "questions": ${MIN_RESEARCH_QUESTIONS} to ${MAX_RESEARCH_QUESTIONS} entries, each with
- "title": a few words for a progress card, under 80 characters ("Where sessions are stored");
- "question": the whole sub-question, self-contained, saying exactly what to find out and, where the repository map shows it, where to start looking.
Rules: together the sub-questions cover the whole question; they do not overlap (no two agents investigate the same thing); each can be answered from the code alone, independently of the others. Prefer fewer, broader sub-questions to many small ones: ${MIN_RESEARCH_QUESTIONS} when the question is narrow.`;

/** One sub-question: a short title and the question its agent answers. */
export interface ResearchQuestion {
  readonly title: string;
  readonly question: string;
}

export interface ResearchSplitCall {
  readonly client: Anthropic;
  readonly modelTable: ModelTable;
  readonly prices: PriceTable;
  /** The model id (or alias) to ask; the model table resolves it. */
  readonly model: string;
  readonly effort?: EffortSetting;
  /** The person's question (at most MAX_QUESTION_CHARS are sent). */
  readonly question: string;
  /** The project context (instructions, repo map); at most SPLIT_CONTEXT_CHARS are sent. */
  readonly projectContext: string;
  readonly signal: AbortSignal;
}

export interface ResearchSplitResult {
  readonly questions: readonly ResearchQuestion[];
  /** The model that answered, as the model table resolved it. */
  readonly model: string;
  readonly usage: TokenUsage;
  /** Null when the model has no price. */
  readonly costUsd: number | null;
}

const WHAT_TO_DO = `Try again, or ask the sub-questions yourself: ${MIN_RESEARCH_QUESTIONS} to ${MAX_RESEARCH_QUESTIONS} questions run as given, without a split.`;

/** Splits the question; throws `StructuredCallError` (with words for a person) when the call or its answer fails. */
export async function splitResearch(call: ResearchSplitCall): Promise<ResearchSplitResult> {
  const model = call.modelTable.resolve(call.model);
  const reply = await requestStructured({
    client: call.client,
    model,
    modelSetting: 'the planner model',
    role: 'planner',
    effort: call.effort ?? 'default',
    system: SYSTEM,
    messages: [{ role: 'user', content: splitInput(call.question, call.projectContext) }],
    schema: researchSplitSchema,
    thing: THING,
    maxTokens: SPLIT_MAX_TOKENS,
    timeoutMs: SPLIT_TIMEOUT_MS,
    signal: call.signal,
  });
  const checked = checkAnswer(researchSplitSchema, reply.json);
  if (!checked.ok) throw new StructuredCallError('invalid-answer', `${invalidAnswerMessage(THING, checked.error)}. ${WHAT_TO_DO}`);
  const questions = checked.value.questions.map((q) => ({ title: oneLine(q.title), question: q.question.trim() }));
  const problem = problemOf(questions);
  if (problem !== undefined) throw new StructuredCallError('invalid-answer', `${invalidAnswerMessage(THING, problem)}. ${WHAT_TO_DO}`);
  const usage = usageOfAnswer(reply.message.usage);
  return { questions, model: model.id, usage, costUsd: costOf(model.id, usage, call.prices) };
}

/** What the schema cannot say: a blank title or question, or the same question twice. */
function problemOf(questions: readonly ResearchQuestion[]): string | undefined {
  const seen = new Map<string, number>();
  for (const [i, q] of questions.entries()) {
    if (q.title === '') return `questions.${i}.title is blank`;
    if (q.question === '') return `questions.${i}.question is blank`;
    const key = oneLine(q.question).toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return `questions.${i} repeats questions.${first}`;
    seen.set(key, i);
  }
  return undefined;
}

/** The split request's user turn: the question, then the project context, bounded. */
export function splitInput(question: string, projectContext: string): string {
  const asked = question.trim().slice(0, MAX_QUESTION_CHARS);
  const project = projectContext.trim();
  const cut = project.length > SPLIT_CONTEXT_CHARS;
  const context = cut ? `${project.slice(0, SPLIT_CONTEXT_CHARS)}\n\n(The project context was cut at ${SPLIT_CONTEXT_CHARS} characters.)` : project;
  const parts = [`# The question\n${asked}`];
  if (context !== '') parts.push(`# The project\n${context}`);
  return parts.join('\n\n');
}
