/**
 * Structured calls: the router and the planner ask the model for one JSON object. Where the model
 * table says the model takes structured outputs, the request carries the answer's JSON schema in
 * `output_config.format` and the answer is a text block of JSON; for any other model the system
 * prompt asks for the object in words. Either way the answer is parsed and checked with its zod
 * schema, and failures become a `StructuredCallError` whose message says what to do about it.
 *
 * Every request is shaped by the model table (`shapeRequest`): no tools, no tool choice, no sampling
 * parameters, and the conversation always ends with a user turn.
 *
 * They are sent at the agents' gate (`gatedCall.ts`), through the one streaming wrapper, whose
 * classifier decides the failure's kind; only the words are planning's own.
 */
import type { Anthropic } from '@anthropic-ai/sdk';
import type { z } from 'zod';
import type { ModelFailure } from '../model/call/failure';
import type { ResolvedModel } from '../model/modelSpec';
import { shapeRequest, type EffortSetting } from '../model/requestShape';
import { MAX_ANSWER_BYTES, answerText, findJsonObject } from './answerJson';
import { StructuredCallError } from './errors';
import { sendAtGate } from './gatedCall';
import { structuredOutputSchema, type JsonSchema } from './structuredSchema';

import { STRUCTURED_CALL_MAX_RETRIES } from './gatedCall';

export interface StructuredCallRequest<T = unknown> {
  readonly client: Anthropic;
  /** The model as the model table resolved it: it decides the request's shape. */
  readonly model: ResolvedModel;
  /** The setting that chose the model, named in "model not found" messages. */
  readonly modelSetting: string;
  readonly role: 'router' | 'planner';
  readonly effort: EffortSetting;
  readonly system: string;
  /** The conversation so far; it must end with a user turn. */
  readonly messages: readonly Anthropic.MessageParam[];
  /** The answer's shape: sent as JSON schema, and checked after parsing. */
  readonly schema: z.ZodType<T>;
  /** What the answer is, in messages: "route classification", "plan". */
  readonly thing: string;
  /** The output cap wanted (thinking included); the model's own maximum caps it. */
  readonly maxTokens: number;
  /** Cap on the whole call (SDK retries and streaming included). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Told about an unknown model id and settings the model cannot honour (once per call). */
  readonly onWarning?: (warning: string) => void;
}

/** The model's message and the JSON object its text holds (not yet checked against the schema). */
export interface StructuredReply {
  readonly message: Anthropic.Message;
  readonly json: Record<string, unknown>;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Asks for the answer, parses it and checks it; throws `StructuredCallError` when any step fails. */
export async function callStructured<T>(request: StructuredCallRequest<T>): Promise<T> {
  const { json } = await requestStructured(request);
  const checked = checkAnswer(request.schema, json);
  if (!checked.ok) throw new StructuredCallError('invalid-answer', invalidAnswerMessage(request.thing, checked.error));
  return checked.value;
}

/** Validates an answer with a zod schema; the error lists every issue as "path: message". */
export function checkAnswer<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}

/** Zod issues on one line: "tasks.2.phase: Invalid option: …; rationale: Too small: …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the answer'}: ${issue.message}`).join('; ');
}

/** The message for an answer that failed its schema. */
export function invalidAnswerMessage(thing: string, errors: string): string {
  return `The model's answer was not a valid ${thing}: ${errors}`;
}

const schemas = new WeakMap<z.ZodType, JsonSchema>();

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = schemas.get(schema);
  if (json === undefined) {
    json = structuredOutputSchema(schema);
    schemas.set(schema, json);
  }
  return json;
}

/** What a model without structured outputs is told, after the system prompt. */
export function jsonOnlyInstruction(schema: JsonSchema): string {
  return `Answer with one JSON object and nothing else: no prose before or after it, no code fence. It must match this JSON schema:\n${JSON.stringify(schema)}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

/** One structured call; resolves with the model's message and the JSON object it holds, or throws `StructuredCallError`. */
export async function requestStructured(request: StructuredCallRequest): Promise<StructuredReply> {
  // The current models refuse an assistant prefill; a conversation built here always ends with the user.
  if (request.messages[request.messages.length - 1]?.role !== 'user') throw new Error(`the ${request.thing} request must end with a user turn`);
  const parent = request.signal;
  if (parent?.aborted) throw new StructuredCallError('cancelled', `The ${request.thing} request was cancelled.`);
  const schema = jsonSchemaOf(request.schema);
  const shaped = shapeRequest(request.model, { role: request.role, effort: request.effort, maxTokens: request.maxTokens, schema });
  if (request.model.warning !== undefined) request.onWarning?.(request.model.warning);
  for (const note of shaped.notes) request.onWarning?.(note);
  const system = shaped.structured ? request.system : `${request.system}\n\n${jsonOnlyInstruction(schema)}`;

  const params = { model: request.model.id, system, messages: [...request.messages], ...shaped.fields };
  const answer = await sendAtGate(request, params);
  if (!answer.ok) throw callFailure(answer.failure, request);
  return replyOf(answer.message, request, shaped.fields.max_tokens, shaped.structured);
}

function replyOf(message: Anthropic.Message, request: StructuredCallRequest, maxTokens: number, structured: boolean): StructuredReply {
  const thing = request.thing;
  switch (message.stop_reason) {
    case 'max_tokens':
      throw new StructuredCallError(
        'truncated',
        `The model's ${thing} was cut off at the output limit (${maxTokens} tokens) before it was complete; the model's thinking counts against that limit. Narrow the request, or lower the ${request.role}'s effort, and try again.`,
      );
    case 'model_context_window_exceeded':
      throw new StructuredCallError(
        'truncated',
        `The model's ${thing} was cut off: the prompt and the answer filled ${request.model.id}'s context window. Narrow the request or pick a model with a larger window in ${request.modelSetting}.`,
      );
    case 'refusal': {
      const details = message.stop_details;
      const why = details?.explanation ?? (details?.category ? `category: ${details.category}` : undefined);
      throw new StructuredCallError(
        'refused',
        `The model declined to produce a ${thing} for this request${why ? ` (${why})` : ''}. Rephrase the request and try again.`,
      );
    }
    default:
      break;
  }
  const text = answerText(message);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_ANSWER_BYTES) {
    throw new StructuredCallError(
      'invalid-answer',
      `The model's ${thing} was ${(bytes / 1024 / 1024).toFixed(1)} MB of text, over the ${MAX_ANSWER_BYTES / 1024 / 1024} MB Fanout reads. Narrow the request and try again.`,
    );
  }
  const found = findJsonObject(text);
  if (!found.ok) {
    const said = text.replace(/\s+/g, ' ').trim();
    const hint = structured
      ? 'Try again; if it keeps happening, check that the endpoint supports structured outputs (output_config.format).'
      : `Try again; if ${request.model.id} supports structured outputs, say so in the fanout.modelTable setting ("structuredOutputs": true), or pick a model Fanout knows in ${request.modelSetting}.`;
    throw new StructuredCallError(
      'no-json',
      `The model's answer held no JSON ${thing}${said ? `; it answered: "${said.slice(0, 300)}"` : ' (it was empty)'}. ${hint}`,
    );
  }
  return { message, json: found.value };
}

/** Planning's words for a failed call; the kind is the classifier's. */
function callFailure(failure: ModelFailure, request: StructuredCallRequest): StructuredCallError {
  const thing = request.thing;
  const detail = failure.detail;
  switch (failure.origin) {
    case 'http':
      return httpFailure(failure, failure.status ?? 0, request);
    case 'stream':
      // An `error` frame inside a 200 stream (the SDK does not retry those).
      return new StructuredCallError(
        failure.kind,
        `The API stopped the ${thing} response with ${failure.errorType ?? 'an error'}: ${detail}. Try again in a minute.`,
      );
    default:
      break;
  }
  switch (failure.kind) {
    case 'cancelled':
      return new StructuredCallError('cancelled', `The ${thing} request was cancelled.`);
    case 'timeout':
      return new StructuredCallError(
        'timeout',
        `The ${thing} request took longer than ${seconds(request.timeoutMs)} s and was stopped. Try again; if it keeps happening, check the API status or your proxy (ANTHROPIC_BASE_URL / fanout.apiBaseUrl).`,
      );
    case 'connection':
      return new StructuredCallError(
        'connection',
        `Could not reach the Messages API for the ${thing}: ${detail}. Check your network connection and ANTHROPIC_BASE_URL / fanout.apiBaseUrl.`,
      );
    default:
      return new StructuredCallError(failure.kind, `The ${thing} response broke off: ${detail}. Try again.`);
  }
}

function httpFailure(failure: ModelFailure, status: number, request: StructuredCallRequest): StructuredCallError {
  const detail = failure.detail;
  const retries = `after ${STRUCTURED_CALL_MAX_RETRIES} retries`;
  const model = request.model.id;
  const kind = failure.kind;
  switch (status) {
    case 401:
      return new StructuredCallError(
        kind,
        'The API key was rejected (401). Set a valid key with "Fanout: Set API Key" (or ANTHROPIC_API_KEY for the CLI).',
        status,
      );
    case 403:
      return new StructuredCallError(
        kind,
        `The API key may not use model "${model}" (403): ${detail}. Check the key's permissions or change ${request.modelSetting}.`,
        status,
      );
    case 404:
      return new StructuredCallError(
        kind,
        `Model "${model}" or the API endpoint was not found (404): ${detail}. Check ${request.modelSetting} and ANTHROPIC_BASE_URL / fanout.apiBaseUrl.`,
        status,
      );
    case 429:
      return new StructuredCallError(
        kind,
        `The API is rate-limiting this key (429) and still was when the ${request.thing} request's ${seconds(request.timeoutMs)} s ran out: ${detail}. Wait a minute and try again.`,
        status,
      );
    case 529:
      return new StructuredCallError(
        kind,
        `The API is overloaded (529) and still was when the ${request.thing} request's ${seconds(request.timeoutMs)} s ran out: ${detail}. Try again in a few minutes.`,
        status,
      );
    default:
      return status >= 500
        ? new StructuredCallError(kind, `The API failed with ${status} ${retries}: ${detail}. Try again in a few minutes.`, status)
        : new StructuredCallError(kind, `The API rejected the ${request.thing} request (${status}): ${detail}`, status);
  }
}

/**
 * The assistant's answer as it goes back in a repair turn: every block in order and unchanged
 * (thinking blocks are bound to the conversation by their signatures), except text blocks with no
 * visible text, which the API refuses. No tools are offered, so no other block types arrive.
 */
export function assistantTurn(message: Anthropic.Message): Anthropic.MessageParam {
  const content: Anthropic.ContentBlockParam[] = [];
  for (const block of message.content) {
    if (block.type === 'thinking') content.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    else if (block.type === 'redacted_thinking') content.push({ type: 'redacted_thinking', data: block.data });
    else if (block.type === 'text' && block.text.trim() !== '') content.push({ type: 'text', text: block.text });
  }
  return { role: 'assistant', content };
}
