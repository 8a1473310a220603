/** Top-level request parameters the current models restrict: `max_tokens`, `tool_choice`, sampling and prefill. */
import type { JsonObject } from '../script';
import { invalid, isObject, isSet, type RequestRejection } from './rejection';
import { forcesTool, type RequestView } from './requestView';

/**
 * `max_tokens` is a positive integer no larger than the model's output limit.
 * https://platform.claude.com/docs/en/models/opus-5-5/overview (128K output on the 5.5 models)
 */
export function checkMaxTokens(view: RequestView): RequestRejection | null {
  const value = view.body.max_tokens;
  if (value === undefined) return invalid('max_tokens: Field required');
  if (typeof value !== 'number' || !Number.isInteger(value)) return invalid('max_tokens: Input should be a valid integer');
  if (value < 1) return invalid('max_tokens: Input should be greater than or equal to 1');
  if (value > view.spec.maxOutputTokens) {
    return invalid(`max_tokens: ${value} > ${view.spec.maxOutputTokens}, which is the maximum allowed number of output tokens for ${view.model}`);
  }
  return null;
}

/**
 * Opus 5.5, Sonnet 5.5 and Fable 5.1 reject a forced tool choice; `auto` and `none` stay accepted. The
 * same validation runs on the token counting endpoint.
 * https://platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5
 * https://platform.claude.com/docs/en/models/sonnet-5-5/whats-new-sonnet-5-5
 */
export function checkToolChoice(view: Pick<RequestView, 'body' | 'spec'>): RequestRejection | null {
  if (!view.spec.forcedToolChoice && forcesTool(view.body)) {
    return invalid('tool_choice: type "tool" and "any" are not supported for this model.');
  }
  return null;
}

/**
 * Tool names are unique in `tools` (observed API message, third-party report:
 * https://github.com/tailcallhq/forgecode/issues/892).
 */
export function checkToolNames(view: RequestView): RequestRejection | null {
  const tools = view.body.tools;
  if (!isSet(tools)) return null;
  if (!Array.isArray(tools)) return invalid('tools: Input should be a valid list');
  const names = new Set<string>();
  for (const [index, tool] of tools.entries()) {
    if (!isObject(tool) || typeof tool.name !== 'string') return invalid(`tools.${index}.name: Field required`);
    if (names.has(tool.name)) return invalid('tools: Tool names must be unique.');
    names.add(tool.name);
  }
  return null;
}

/**
 * The current models reject non-default `temperature`, `top_p` and `top_k` ("Omit them, or leave them
 * at their defaults: any other value is rejected"). The API's exact message is not published; this
 * one names the field. Only `temperature: 1` is a documented default for every model (Haiku 5.5
 * documents `top_p: 0.99` too); the fake refuses every other value, which is at least as strict.
 * https://platform.claude.com/docs/en/models/opus-5-5/migration-guide
 * https://platform.claude.com/docs/en/models/haiku-5-5/migration-guide
 */
export function checkSampling(view: RequestView): RequestRejection | null {
  const { body } = view;
  if (!view.spec.samplingParameters) {
    for (const key of ['temperature', 'top_p', 'top_k']) {
      const value = body[key];
      if (isSet(value) && !(key === 'temperature' && value === 1)) {
        return invalid(`${key}: non-default sampling parameters are not supported for this model.`);
      }
    }
    return null;
  }
  return checkSamplingWithExtendedThinking(body);
}

/**
 * With extended thinking (`enabled`), temperature and top_k are incompatible and top_p must be 0.95–1.
 * https://platform.claude.com/docs/en/build-with-claude/thinking
 */
function checkSamplingWithExtendedThinking(body: JsonObject): RequestRejection | null {
  if (!isObject(body.thinking) || body.thinking.type !== 'enabled') return null;
  if (isSet(body.temperature) && body.temperature !== 1) return invalid('temperature: `temperature` may only be set to 1 when thinking is enabled.');
  if (isSet(body.top_k)) return invalid('top_k: `top_k` must be unset when thinking is enabled.');
  const topP = body.top_p;
  if (isSet(topP) && (typeof topP !== 'number' || topP < 0.95 || topP > 1))
    return invalid('top_p: `top_p` must be between 0.95 and 1, or unset, when thinking is enabled.');
  return null;
}

/**
 * The 5.x models reject a prefilled assistant turn: `messages` must end with a user turn. The exact
 * message is not published. A compaction request may end on a finished assistant turn (its own rules
 * are in compaction.ts).
 * https://platform.claude.com/docs/en/models/opus-5-5/migration-guide
 * https://platform.claude.com/docs/en/models/haiku-5-5/migration-guide ("even with thinking turned off")
 */
export function checkPrefill(view: RequestView): RequestRejection | null {
  if (view.spec.prefill || isSet(view.body.compaction)) return null;
  const last = view.messages[view.messages.length - 1];
  if (last.role === 'assistant') {
    return invalid(`messages.${last.index}: this model does not support assistant message prefill; the final message must have the "user" role.`);
  }
  return null;
}
