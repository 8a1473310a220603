/**
 * The JSON object in a structured answer's text. With structured outputs the text is the object
 * itself; a model without them may wrap it in a ```json fence or a sentence. Every step is linear
 * in the text's length (plus a bounded number of retries), and the text is bounded, so a hostile or
 * runaway answer can never block the extension host.
 */
import type { Anthropic } from '@anthropic-ai/sdk';

/** The largest answer text Fanout reads (a plan at the largest output limit is far smaller). */
export const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** How many `{` positions are tried when neither the whole text nor a fence nor a top-level span parses. */
const MAX_OBJECT_STARTS = 16;

export type FoundJson = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false };

/** The answer's text: its non-empty text blocks joined in order (thinking blocks are not the answer). */
export function answerText(message: Anthropic.Message): string {
  return message.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text' && block.text !== '')
    .map((block) => block.text)
    .join('');
}

/** The first JSON object found in `text`: the whole text, then each fenced block, then each balanced `{…}`. */
export function findJsonObject(text: string): FoundJson {
  const whole = parseObject(text.trim());
  if (whole !== undefined) return { ok: true, value: whole };
  for (const fenced of fencedBlocks(text)) {
    const value = parseObject(fenced.trim());
    if (value !== undefined) return { ok: true, value };
  }
  for (const span of topLevelSpans(text)) {
    const value = parseObject(span);
    if (value !== undefined) return { ok: true, value };
  }
  // A stray `{` in prose before the object makes every top-level span fail: try a few object starts.
  let tried = 0;
  for (let start = text.indexOf('{'); start !== -1 && tried < MAX_OBJECT_STARTS; start = text.indexOf('{', start + 1)) {
    if (!/^\{\s*["}]/.test(text.slice(start, start + 64))) continue;
    tried += 1;
    const end = closingBrace(text, start);
    if (end === -1) continue;
    const value = parseObject(text.slice(start, end + 1));
    if (value !== undefined) return { ok: true, value };
  }
  return { ok: false };
}

function parseObject(candidate: string): Record<string, unknown> | undefined {
  if (!candidate.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(candidate);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The contents of each ``` fence (the info string, such as `json`, left out). */
function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  let open = text.indexOf('```');
  while (open !== -1) {
    const lineEnd = text.indexOf('\n', open + 3);
    if (lineEnd === -1) break;
    const close = text.indexOf('```', lineEnd + 1);
    if (close === -1) break;
    blocks.push(text.slice(lineEnd + 1, close));
    open = text.indexOf('```', close + 3);
  }
  return blocks;
}

/** Each `{…}` at brace depth 0, with braces inside JSON strings ignored; one pass. */
function topLevelSpans(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === '}' && depth > 0) {
      depth -= 1;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}

/** Index of the `}` that closes the `{` at `start`, or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
