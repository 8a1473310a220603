/** Reads and validates a JSON script file for the out-of-process fake (`serve.ts`). */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { modelOverrideSchema, type ModelOverride } from '../../src/core/model/modelTable';
import type { JsonObject, JsonRoute, Turn } from '../../src/fakeApi/script';

const count = z.number().int().nonnegative();
const jsonObject = z.record(z.string(), z.json()) as z.ZodType<JsonObject>;

const block = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({ type: z.literal('tool_use'), id: z.string().optional(), name: z.string(), input: jsonObject, rawInput: z.string().optional() }),
  z.strictObject({ type: z.literal('thinking'), thinking: z.string() }),
]);

const messageFields = {
  stopReason: z.enum(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded']).optional(),
  stopDetails: z
    .strictObject({
      category: z.enum(['cyber', 'bio', 'frontier_llm', 'reasoning_extraction', 'general_harms']).nullable().optional(),
      explanation: z.string().nullable().optional(),
    })
    .optional(),
  usage: z
    .strictObject({
      input_tokens: count.optional(),
      output_tokens: count.optional(),
      cache_creation_input_tokens: count.optional(),
      cache_read_input_tokens: count.optional(),
    })
    .optional(),
  model: z.string().optional(),
  eventDelayMs: count.optional(),
  deltaChars: z.number().int().positive().optional(),
};

const partial = { ...messageFields, content: z.array(block).optional(), afterFrames: count };

const turn: z.ZodType<Turn> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('message'), ...messageFields, content: z.array(block) }),
  z.strictObject({
    kind: z.literal('httpError'),
    status: z.number().int().min(400).max(599),
    errorType: z.string().optional(),
    message: z.string().optional(),
    retryAfterMs: count.optional(),
    retryAfter: count.optional(),
    shouldRetry: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('drop'), ...partial }),
  z.strictObject({ kind: z.literal('stall'), ...partial }),
  z.strictObject({ kind: z.literal('streamError'), ...partial, errorType: z.string().optional(), message: z.string().optional() }),
]);

const route: z.ZodType<JsonRoute> = z.strictObject({
  name: z.string().optional(),
  match: z.union([z.string(), z.strictObject({ regex: z.string(), flags: z.string().optional() })]),
  turns: z.array(turn),
  onExhausted: z.enum(['error', 'repeatLast']).optional(),
});

/** The whole script file; apart from `modelOverrides` it is also a valid `FakeMessagesApiOptions`. */
export interface ScriptFile {
  routes: JsonRoute[];
  /** Answer for requests no route matches; omitted: a 500 naming the problem. */
  fallback?: Turn;
  eventDelayMs?: number;
  deltaChars?: number;
  pings?: boolean;
  requireApiKey?: string;
  /** Entries on top of the built-in model table, in the `fanout.modelTable` setting's format. */
  modelOverrides?: Record<string, ModelOverride>;
}

const scriptFile: z.ZodType<ScriptFile> = z.strictObject({
  routes: z.array(route),
  fallback: turn.optional(),
  eventDelayMs: count.optional(),
  deltaChars: z.number().int().positive().optional(),
  pings: z.boolean().optional(),
  requireApiKey: z.string().optional(),
  modelOverrides: z.record(z.string(), modelOverrideSchema).optional(),
});

export function parseScriptFile(value: unknown): ScriptFile {
  const parsed = scriptFile.safeParse(value);
  if (!parsed.success) {
    throw new Error(`invalid fake Messages API script:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export async function loadScriptFile(path: string): Promise<ScriptFile> {
  return parseScriptFile(JSON.parse(await readFile(path, 'utf8')) as unknown);
}
