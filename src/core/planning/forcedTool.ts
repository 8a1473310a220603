/**
 * Forced tool calls: the router and the planner ask the model for structured output by offering
 * exactly one tool and forcing it (`tool_choice: {type: 'tool', name}`). The answer is the tool's
 * input, checked against a zod schema. Failures become a `ForcedToolError` whose message says what
 * to do about it.
 *
 * Unlike agent turns (where the engine owns every retry), these single calls let the SDK retry
 * 429/529/5xx and connection errors before headers (2 retries), and cap the whole call, retries
 * and streaming included, with one timeout.
 */
import { APIConnectionError, APIError, APIUserAbortError, type Anthropic } from '@anthropic-ai/sdk';
import { z } from 'zod';
import { ForcedToolError } from './errors';

export const FORCED_TOOL_MAX_RETRIES = 2;

export interface ForcedToolRequest {
  readonly client: Anthropic;
  readonly model: string;
  /** The setting that chose the model, named in "model not found" messages. */
  readonly modelSetting: string;
  readonly system: string;
  readonly messages: readonly Anthropic.MessageParam[];
  readonly tool: Anthropic.Tool;
  /** What the answer is, in messages: "route classification", "plan". */
  readonly thing: string;
  readonly maxTokens: number;
  /** Cap on the whole call (SDK retries and streaming included). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface ForcedToolAnswer {
  readonly message: Anthropic.Message;
  readonly toolUse: Anthropic.ToolUseBlock;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A tool definition whose input schema is the JSON Schema of `schema` (descriptions included). */
export function toolDefinition(name: string, description: string, schema: z.ZodType): Anthropic.Tool {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return { name, description, input_schema: { ...json, type: 'object' } };
}

/** Validates a tool input with a zod schema; the error lists every issue as "path: message". */
export function checkInput<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
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

/** Asks for the tool, validates the input, and throws `ForcedToolError('invalid-answer')` when it does not fit. */
export async function callForcedTool<T>(request: ForcedToolRequest, schema: z.ZodType<T>): Promise<T> {
  const { toolUse } = await requestForcedTool(request);
  const checked = checkInput(schema, toolUse.input);
  if (!checked.ok) {
    throw new ForcedToolError('invalid-answer', invalidAnswerMessage(request.thing, checked.error));
  }
  return checked.value;
}

class CallTimeout extends Error {}

function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

/** One forced tool call; resolves with the model's message and its tool_use block, or throws `ForcedToolError`. */
export async function requestForcedTool(request: ForcedToolRequest): Promise<ForcedToolAnswer> {
  const parent = request.signal;
  if (parent?.aborted) {
    throw new ForcedToolError('cancelled', `The ${request.thing} request was cancelled.`);
  }
  const call = new AbortController();
  const forward = (): void => call.abort(parent?.reason);
  parent?.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(() => call.abort(new CallTimeout()), request.timeoutMs);
  let message: Anthropic.Message;
  try {
    const stream = request.client.messages.stream(
      {
        model: request.model,
        max_tokens: request.maxTokens,
        system: request.system,
        tools: [request.tool],
        tool_choice: { type: 'tool', name: request.tool.name },
        messages: [...request.messages],
      },
      { signal: call.signal, maxRetries: FORCED_TOOL_MAX_RETRIES, timeout: request.timeoutMs },
    );
    message = await stream.finalMessage();
  } catch (error) {
    throw failure(error, request, parent, call.signal);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', forward);
  }
  return answerOf(message, request);
}

function answerOf(message: Anthropic.Message, request: ForcedToolRequest): ForcedToolAnswer {
  const name = request.tool.name;
  if (message.stop_reason === 'max_tokens') {
    throw new ForcedToolError(
      'truncated',
      `The model's ${request.thing} was cut off at the output limit (${request.maxTokens} tokens) before it was complete. Narrow the request and try again.`,
    );
  }
  if (message.stop_reason === 'refusal') {
    throw new ForcedToolError('refused', `The model declined to produce a ${request.thing} for this request. Rephrase the request and try again.`);
  }
  const toolUse = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === name);
  if (toolUse === undefined) {
    const said = message.content
      .filter((b): b is Anthropic.TextBlock => b.type === 'text')
      .map((b) => b.text)
      .join(' ')
      .trim();
    throw new ForcedToolError(
      'no-tool-call',
      `The model did not call ${name}, so there is no ${request.thing}${said ? `; it answered: "${said.slice(0, 300)}"` : ''}. Try again; if it keeps happening, check that the endpoint supports forced tool use (tool_choice).`,
    );
  }
  return { message, toolUse };
}

function failure(error: unknown, request: ForcedToolRequest, parent: AbortSignal | undefined, callSignal: AbortSignal): ForcedToolError {
  const thing = request.thing;
  if (parent?.aborted) return new ForcedToolError('cancelled', `The ${thing} request was cancelled.`);
  if (callSignal.aborted && callSignal.reason instanceof CallTimeout) {
    return new ForcedToolError(
      'timeout',
      `The ${thing} request took longer than ${seconds(request.timeoutMs)} s and was stopped. Try again; if it keeps happening, check the API status or your proxy (ANTHROPIC_BASE_URL / fanout.apiBaseUrl).`,
    );
  }
  if (error instanceof APIUserAbortError) return new ForcedToolError('cancelled', `The ${thing} request was cancelled.`);
  if (error instanceof APIConnectionError) {
    const cause: unknown = error.cause;
    const detail = cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
    return new ForcedToolError(
      'connection',
      `Could not reach the Messages API for the ${thing}: ${detail}. Check your network connection and ANTHROPIC_BASE_URL / fanout.apiBaseUrl.`,
    );
  }
  if (error instanceof APIError) return apiFailure(error, request);
  const detail = error instanceof Error ? error.message : String(error);
  return new ForcedToolError('connection', `The ${thing} response broke off: ${detail}. Try again.`);
}

function apiFailure(error: APIError, request: ForcedToolRequest): ForcedToolError {
  const status = error.status;
  const detail = error.apiMessage ?? error.message;
  const retries = `after ${FORCED_TOOL_MAX_RETRIES} retries`;
  if (status === undefined) {
    // An `error` frame inside a 200 stream (the SDK does not retry those).
    const kind = error.type === 'overloaded_error' ? 'overloaded' : error.type === 'rate_limit_error' ? 'rate-limited' : 'server-error';
    return new ForcedToolError(kind, `The API stopped the ${request.thing} response with ${error.type ?? 'an error'}: ${detail}. Try again in a minute.`);
  }
  switch (status) {
    case 401:
      return new ForcedToolError('auth', 'The API key was rejected (401). Set a valid key with "Fanout: Set API Key" (or ANTHROPIC_API_KEY for the CLI).', status);
    case 403:
      return new ForcedToolError('permission', `The API key may not use model "${request.model}" (403): ${detail}. Check the key's permissions or change ${request.modelSetting}.`, status);
    case 404:
      return new ForcedToolError('not-found', `Model "${request.model}" or the API endpoint was not found (404): ${detail}. Check ${request.modelSetting} and ANTHROPIC_BASE_URL / fanout.apiBaseUrl.`, status);
    case 429:
      return new ForcedToolError('rate-limited', `The API is rate-limiting this key (429) and still was ${retries}: ${detail}. Wait a minute and try again.`, status);
    case 529:
      return new ForcedToolError('overloaded', `The API is overloaded (529) and still was ${retries}: ${detail}. Try again in a few minutes.`, status);
    case 400:
    case 413:
      return new ForcedToolError('bad-request', `The API rejected the ${request.thing} request (${status}): ${detail}`, status);
    default:
      return status >= 500
        ? new ForcedToolError('server-error', `The API failed with ${status} ${retries}: ${detail}. Try again in a few minutes.`, status)
        : new ForcedToolError('bad-request', `The API rejected the ${request.thing} request (${status}): ${detail}`, status);
  }
}

/** The assistant message to send back in a repair turn (only text and tool_use blocks). */
export function assistantParam(message: Anthropic.Message): Anthropic.MessageParam {
  const content: Anthropic.ContentBlockParam[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && block.text !== '') content.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use') content.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
  }
  return { role: 'assistant', content };
}
