/**
 * A request body read once for the strict rules: the model's entry in the table, the beta headers and
 * the messages as lists of blocks. Building it checks the shapes every later rule relies on (the
 * API's schema validation), so the rules can read the body without re-checking types.
 */
import type { ModelSpec } from '../../core/model/modelSpec';
import type { ModelTable } from '../../core/model/modelTable';
import type { JsonObject } from '../script';
import { invalid, isObject, isRejection, type RequestRejection } from './rejection';

export type Role = 'user' | 'assistant';

export interface MessageView {
  /** Index in the request's `messages`. */
  readonly index: number;
  readonly role: Role;
  /** A string content is read as one text block. */
  readonly blocks: readonly JsonObject[];
}

export interface RequestView {
  readonly body: JsonObject;
  readonly model: string;
  readonly spec: ModelSpec;
  /** Values of the `anthropic-beta` header. */
  readonly betas: ReadonlySet<string>;
  readonly bodyBytes: number;
  readonly messages: readonly MessageView[];
}

export function betasOf(headers: Readonly<Record<string, string>>): ReadonlySet<string> {
  const raw = headers['anthropic-beta'] ?? '';
  return new Set(
    raw
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value.length > 0),
  );
}

/** `model` must be a string (https://platform.claude.com/docs/en/api/messages). */
export function modelOf(body: JsonObject): string | RequestRejection {
  const model = body.model;
  if (model === undefined) return invalid('model: Field required');
  if (typeof model !== 'string') return invalid('model: Input should be a valid string');
  return model;
}

/** Reads `messages` into views; the first shape error is returned instead. */
export function readMessages(body: JsonObject): readonly MessageView[] | RequestRejection {
  const messages = body.messages;
  if (messages === undefined) return invalid('messages: Field required');
  if (!Array.isArray(messages)) return invalid('messages: Input should be a valid list');
  if (messages.length === 0) return invalid('messages: at least one message is required');
  const views: MessageView[] = [];
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) return invalid(`messages.${index}: Input should be a valid dictionary`);
    const role = message.role;
    if (role !== 'user' && role !== 'assistant') return invalid(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    const content = message.content;
    if (typeof content === 'string') {
      views.push({ index, role, blocks: [{ type: 'text', text: content }] });
      continue;
    }
    if (!Array.isArray(content)) return invalid(`messages.${index}.content: Input should be a valid string or a valid list`);
    const blocks: JsonObject[] = [];
    for (const [position, block] of content.entries()) {
      if (!isObject(block)) return invalid(`messages.${index}.content.${position}: Input should be a valid dictionary`);
      if (typeof block.type !== 'string') return invalid(`messages.${index}.content.${position}.type: Field required`);
      blocks.push(block);
    }
    views.push({ index, role, blocks });
  }
  return views;
}

export function buildView(
  body: JsonObject,
  model: string,
  table: ModelTable,
  headers: Readonly<Record<string, string>>,
  bodyBytes: number,
): RequestView | RequestRejection {
  const messages = readMessages(body);
  if (isRejection(messages)) return messages;
  return { body, model, spec: table.resolve(model).spec, betas: betasOf(headers), bodyBytes, messages };
}

/** The request forces a tool call (`tool_choice` `any` or `tool`). */
export function forcesTool(body: JsonObject): boolean {
  const choice = body.tool_choice;
  return isObject(choice) && (choice.type === 'any' || choice.type === 'tool');
}
