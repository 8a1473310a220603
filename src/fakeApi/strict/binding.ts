/**
 * What binds the fake's thinking and compaction blocks to the conversation that produced them, as the
 * real API binds its own: an HMAC with a key only this server knows over the model, a hash of the
 * conversation prefix before the answer (system, tools, earlier messages) and the block's text. The
 * signature is opaque base64 to clients. The binding also remembers, per answer it issued, whether the
 * tool calls in it came with thinking, for the rule that a final assistant turn keeps its thinking.
 * https://platform.claude.com/docs/en/build-with-claude/thinking (preserving and binding thinking blocks)
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { JsonObject, JsonValue } from '../script';
import { isObject } from './rejection';

export interface ThinkingSeal {
  readonly model: string;
  /** `prefixHash` of the conversation before the answer. */
  readonly prefix: string;
  readonly textHash: string;
}

interface SealJson {
  readonly k: 'thinking' | 'compaction';
  readonly m: string;
  readonly p: string;
  readonly t: string;
  readonly mac: string;
}

export class ThinkingBinding {
  readonly #key = randomBytes(32);
  /** tool_use id -> whether the answer that issued it had a thinking block. */
  readonly #issued = new Map<string, boolean>();

  signThinking(model: string, prefix: string, text: string): string {
    return this.#seal('thinking', model, prefix, hashText(text));
  }

  /** The seal inside a thinking signature, or null when it was not made by this server or was altered. */
  readThinking(signature: string): ThinkingSeal | null {
    const seal = this.#open(signature, 'thinking');
    return seal === null ? null : { model: seal.m, prefix: seal.p, textHash: seal.t };
  }

  signCompaction(content: string): string {
    return this.#seal('compaction', '', '', hashText(content));
  }

  /** The content hash a compaction signature recorded, or null when the signature does not verify. */
  readCompaction(signature: string): string | null {
    return this.#open(signature, 'compaction')?.t ?? null;
  }

  recordAnswer(toolUseIds: readonly string[], hadThinking: boolean): void {
    for (const id of toolUseIds) this.#issued.set(id, hadThinking);
  }

  issuedWithThinking(toolUseId: string): boolean {
    return this.#issued.get(toolUseId) === true;
  }

  #mac(kind: string, model: string, prefix: string, textHash: string): string {
    return createHmac('sha256', this.#key)
      .update(JSON.stringify([kind, model, prefix, textHash]))
      .digest('base64');
  }

  #seal(kind: SealJson['k'], model: string, prefix: string, textHash: string): string {
    const seal: SealJson = { k: kind, m: model, p: prefix, t: textHash, mac: this.#mac(kind, model, prefix, textHash) };
    return Buffer.from(JSON.stringify(seal)).toString('base64');
  }

  #open(signature: string, kind: SealJson['k']): SealJson | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(signature, 'base64').toString('utf8'));
    } catch {
      return null;
    }
    if (!isSeal(parsed) || parsed.k !== kind) return null;
    const expected = Buffer.from(this.#mac(parsed.k, parsed.m, parsed.p, parsed.t));
    const given = Buffer.from(parsed.mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? parsed : null;
  }
}

function isSeal(value: unknown): value is SealJson {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['k', 'm', 'p', 't', 'mac'].every((key) => typeof record[key] === 'string');
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/**
 * The conversation before message `messageCount` as the binding sees it: `system`, `tools` and those
 * messages, with `cache_control` markers and null fields removed (moving a breakpoint does not change
 * the conversation), string contents read as one text block, and thinking blocks left out (removing a
 * leading run of old thinking blocks does not invalidate later ones; each block has its own signature).
 */
export function prefixHash(body: JsonObject, messageCount: number): string {
  const messages = Array.isArray(body.messages) ? body.messages.slice(0, messageCount) : [];
  const prefix = {
    system: asBlocks(body.system ?? null),
    tools: Array.isArray(body.tools) ? body.tools : [],
    messages: messages.map((message) =>
      isObject(message) ? { role: message.role ?? null, content: asBlocks(message.content ?? null).filter((block) => !isThinking(block)) } : message,
    ),
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(prefix)))
    .digest('base64');
}

function isThinking(block: JsonValue): boolean {
  return isObject(block) && (block.type === 'thinking' || block.type === 'redacted_thinking');
}

function asBlocks(content: JsonValue): JsonValue[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

/** Sorted keys, no `cache_control`, no null fields. */
function canonical(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const item = value[key];
    if (key !== 'cache_control' && item !== null && item !== undefined) out[key] = canonical(item);
  }
  return out;
}
