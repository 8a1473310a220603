/**
 * The shared prefix every agent of a run starts with, and how much it saves.
 *
 * `sharedContextText` is what the engine puts into the shared system block (RunOptions.sharedContext):
 * the project instructions and the repo map. `measureContextShare` reads the requests of a run (as
 * a request log records them) and reports:
 * - for each agent's FIRST request, the bytes of the shared prefix (the tool definitions plus the
 *   system block that carries the cache breakpoint) and their share of the request, and whether the
 *   prefix is byte-identical across agents;
 * - billed-equivalent input tokens for the whole run with prompt caching, against a naive run in which
 *   every request carries the full context (including every owned file's content) uncached.
 *
 * Counting rules (estimates, not a tokenizer): tokens = bytes / 4. The first request carrying a given
 * prefix writes it to the cache (1.25x); every later request carrying the same bytes reads it (0.1x).
 * That assumes the write lands before the next request with that prefix arrives, which holds when a
 * contract task runs alone first (implementers start after it ends); implementers that start at the
 * same moment with nothing before them would each pay the write. Everything after the prefix is
 * billed at 1x (the engine's conversation breakpoint would make later turns cheaper still; that saving
 * is deliberately not counted). The naive run is billed at 1x for every byte.
 */
import type { Plan } from '../plan/plan';
import { CACHE_READ_FACTOR, CACHE_WRITE_FACTOR } from '../model/prices';
import { buildSharedSystem } from '../run/prompts';
import { toolDefinitions } from '../workspace/tools/definitions';
import type { ProjectInstructions, RepoMap } from './types';

export const BYTES_PER_TOKEN = 4;

const INSTRUCTIONS_HEADING = '## Project instructions';
const REPO_MAP_HEADING = '## Repository map';
/** Where the repo map part starts in a shared context: its heading, then the map's first line ("N files."). */
const REPO_MAP_START = /(?:^|\n\n)## Repository map(?: \(cut to stay within its size\))?\n\d+ files\b/g;

/** The run's project context for the shared system block: instructions, then the repo map. */
export function sharedContextText(instructions: ProjectInstructions, repoMap: RepoMap): string {
  const parts: string[] = [];
  if (instructions.text.trim() !== '') parts.push(`${INSTRUCTIONS_HEADING}\n${instructions.text.trim()}`);
  if (repoMap.text.trim() !== '') parts.push(`${REPO_MAP_HEADING}${repoMap.truncated ? ' (cut to stay within its size)' : ''}\n${repoMap.text.trim()}`);
  return parts.join('\n\n');
}

/**
 * The repo map part of a shared context made by `sharedContextText`, heading included ('' when it
 * has none). The last match is taken: instruction text, which comes first, cannot push the real map out.
 */
export function repoMapPart(sharedContext: string): string {
  let at = -1;
  for (const match of sharedContext.matchAll(REPO_MAP_START)) at = match.index + (match[0].startsWith('\n\n') ? 2 : 0);
  return at === -1 ? '' : sharedContext.slice(at);
}

/** A shared context with its instructions part replaced by `instructions`; the repo map part is kept byte for byte. */
export function withInstructionsText(sharedContext: string, instructions: ProjectInstructions): string {
  const map = repoMapPart(sharedContext);
  const parts: string[] = [];
  if (instructions.text.trim() !== '') parts.push(`${INSTRUCTIONS_HEADING}\n${instructions.text.trim()}`);
  if (map !== '') parts.push(map);
  return parts.join('\n\n');
}

/** Bytes of a writing agent's shared prefix for this plan: tool definitions plus the shared system block. */
export function sharedPrefixBytes(plan: Plan, sharedContext: string): number {
  return (
    Buffer.byteLength(JSON.stringify(toolDefinitions('implement')), 'utf8') + Buffer.byteLength(JSON.stringify(buildSharedSystem(plan, sharedContext)), 'utf8')
  );
}

/** One model request of a run, as logged. */
export interface RunRequest {
  readonly taskId: string;
  /** The JSON body as sent. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Size of the body as sent. */
  readonly bodyBytes: number;
}

export interface PrefixSplit {
  /** The serialised prefix: tools, then the cached system block. */
  readonly prefix: string;
  readonly prefixBytes: number;
  readonly restBytes: number;
}

/** Splits a request body into its shared prefix (tools + the system block with cache_control) and the rest. */
export function splitPrefix(body: Readonly<Record<string, unknown>>, bodyBytes: number): PrefixSplit {
  const tools = body.tools ?? [];
  const system = Array.isArray(body.system) ? (body.system as unknown[]) : [];
  const cached = system.find((block) => typeof block === 'object' && block !== null && 'cache_control' in block);
  // JSON.stringify of a subtree is byte-for-byte the text it occupies in the serialised body.
  const prefix = JSON.stringify(tools) + (cached === undefined ? '' : JSON.stringify(cached));
  const prefixBytes = Buffer.byteLength(prefix, 'utf8');
  return { prefix, prefixBytes, restBytes: Math.max(0, bodyBytes - prefixBytes) };
}

export interface FirstRequestShare {
  readonly taskId: string;
  readonly prefixBytes: number;
  readonly bytes: number;
  /** prefixBytes / bytes. */
  readonly share: number;
  /** Index into `prefixGroups`: agents with the same index sent byte-identical prefixes. */
  readonly prefixGroup: number;
}

export interface ContextShareReport {
  readonly agents: number;
  readonly requests: number;
  readonly firstRequests: readonly FirstRequestShare[];
  readonly minFirstShare: number;
  readonly meanFirstShare: number;
  /** Distinct prefixes among first requests, with the agents that sent each (in arrival order). */
  readonly prefixGroups: readonly { readonly taskIds: readonly string[]; readonly prefixBytes: number }[];
  /** The cached system block is byte-identical in every agent's first request. */
  readonly systemBlockIdentical: boolean;
  readonly billedTokens: number;
  readonly naiveTokens: number;
  /** billedTokens / naiveTokens. */
  readonly billedRatio: number;
  /** The same requests billed at 1x with no caching and no file contents added: what caching alone saves. */
  readonly uncachedTokens: number;
  /** billedTokens / uncachedTokens. */
  readonly cachedRatio: number;
}

export interface MeasureOptions {
  /**
   * Bytes a naive run adds to EVERY request on top of what the real request carried: the content of
   * every file the plan's tasks own (the instructions, repo map and plan are already in the real request).
   */
  readonly naiveExtraBytes: number;
}

/** Measures a run from its requests in arrival order (only model requests, not count_tokens). */
export function measureContextShare(requests: readonly RunRequest[], options: MeasureOptions): ContextShareReport {
  const firstByTask = new Map<string, { request: RunRequest; split: PrefixSplit }>();
  const cached = new Set<string>();
  let billedBytes = 0;
  let naiveBytes = 0;
  let uncachedBytes = 0;
  for (const request of requests) {
    const split = splitPrefix(request.body, request.bodyBytes);
    if (!firstByTask.has(request.taskId)) firstByTask.set(request.taskId, { request, split });
    const factor = cached.has(split.prefix) ? CACHE_READ_FACTOR : CACHE_WRITE_FACTOR;
    cached.add(split.prefix);
    billedBytes += split.prefixBytes * factor + split.restBytes;
    naiveBytes += request.bodyBytes + options.naiveExtraBytes;
    uncachedBytes += request.bodyBytes;
  }
  const groups: { prefix: string; taskIds: string[]; prefixBytes: number }[] = [];
  const systemBlocks = new Set<string>();
  const firstRequests: FirstRequestShare[] = [];
  for (const [taskId, { request, split }] of firstByTask) {
    let group = groups.findIndex((g) => g.prefix === split.prefix);
    if (group === -1) group = groups.push({ prefix: split.prefix, taskIds: [], prefixBytes: split.prefixBytes }) - 1;
    groups[group]?.taskIds.push(taskId);
    systemBlocks.add(JSON.stringify(Array.isArray(request.body.system) ? (request.body.system as unknown[])[0] : null));
    firstRequests.push({ taskId, prefixBytes: split.prefixBytes, bytes: request.bodyBytes, share: split.prefixBytes / request.bodyBytes, prefixGroup: group });
  }
  const shares = firstRequests.map((f) => f.share);
  const billedTokens = billedBytes / BYTES_PER_TOKEN;
  const naiveTokens = naiveBytes / BYTES_PER_TOKEN;
  return {
    agents: firstRequests.length,
    requests: requests.length,
    firstRequests,
    minFirstShare: shares.length === 0 ? 0 : Math.min(...shares),
    meanFirstShare: shares.length === 0 ? 0 : shares.reduce((a, b) => a + b, 0) / shares.length,
    prefixGroups: groups.map(({ taskIds, prefixBytes }) => ({ taskIds, prefixBytes })),
    systemBlockIdentical: systemBlocks.size <= 1,
    billedTokens: Math.round(billedTokens),
    naiveTokens: Math.round(naiveTokens),
    billedRatio: naiveTokens === 0 ? 0 : billedTokens / naiveTokens,
    uncachedTokens: Math.round(uncachedBytes / BYTES_PER_TOKEN),
    cachedRatio: uncachedBytes === 0 ? 0 : billedBytes / uncachedBytes,
  };
}
