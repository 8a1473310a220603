/** The system prompt of a logged request as one text (its blocks joined by newlines), bounded: what routes and tests match on. */
import type { JsonObject, JsonValue, LoggedRequest } from './script';

const MAX_TEXT_CHARS = 400_000;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

export function systemText(request: LoggedRequest): string {
  const system = request.body?.system ?? null;
  if (typeof system === 'string') return system.slice(0, MAX_TEXT_CHARS);
  if (!Array.isArray(system)) return '';
  const texts = system.map((block) => (isObject(block) && typeof block.text === 'string' ? block.text : ''));
  return texts.join('\n').slice(0, MAX_TEXT_CHARS);
}
