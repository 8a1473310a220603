/**
 * What Fanout knows about a model: what a request to it may contain and what it costs. One entry per
 * model id (or family); every request Fanout builds (router, planner, agents, validators) is shaped by
 * it, and the project's fake Messages API enforces it. Pure data types.
 */

export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export const EFFORTS: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/** `thinking.type` values a model may accept. */
export type ThinkingType = 'adaptive' | 'enabled' | 'disabled' | 'between_tools';

/** `thinking.display` values (with adaptive thinking). */
export type ThinkingDisplay = 'omitted' | 'summarized';

/** Where a figure was read: the documentation page and the day it was checked. */
export interface SourceRef {
  readonly url: string;
  /** YYYY-MM-DD: the day the page was read. */
  readonly checked: string;
}

/** USD per million tokens for prompts up to `upToPromptTokens` (null: no upper bound). */
export interface PriceTier {
  readonly upToPromptTokens: number | null;
  readonly input: number;
  readonly output: number;
  /** 5-minute cache write (Fanout's breakpoints use the default 5-minute TTL). */
  readonly cacheWrite: number;
  readonly cacheWrite1h?: number;
  readonly cacheRead: number;
}

export interface ThinkingRules {
  /** `thinking.type` values the API accepts (an omitted field is always accepted). */
  readonly accepted: readonly ThinkingType[];
  /** What an omitted `thinking` field means. `none`: no thinking. */
  readonly defaultMode: 'adaptive' | 'none';
  /** `disabled` is accepted only at these efforts (an empty list: whenever `disabled` is accepted). */
  readonly disabledOnlyAtEfforts: readonly Effort[];
  /** `between_tools` is accepted only at these efforts. */
  readonly betweenToolsEfforts: readonly Effort[];
  /** `display` values accepted with adaptive thinking; empty when the field is not accepted. */
  readonly displays: readonly ThinkingDisplay[];
  readonly defaultDisplay: ThinkingDisplay | null;
  /**
   * Text the model writes between tool calls comes back inside thinking blocks (empty under the
   * `omitted` display), not as text blocks: a client that shows text as progress must ask for a
   * display that returns it.
   */
  readonly textBetweenToolsInThinking: boolean;
}

export interface ModelSpec {
  /** The exact API model id, or the family prefix an entry stands for (`claude-opus-5-5`). */
  readonly id: string;
  readonly name: string;
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
  readonly thinking: ThinkingRules;
  /** `tool_choice` `{type:'tool'}` / `{type:'any'}` accepted. */
  readonly forcedToolChoice: boolean;
  /** Non-default `temperature` / `top_p` / `top_k` accepted. */
  readonly samplingParameters: boolean;
  /** A final assistant turn (prefill) accepted. */
  readonly prefill: boolean;
  /** `output_config.effort`; null when the model takes no effort. */
  readonly effort: { readonly levels: readonly Effort[]; readonly default: Effort } | null;
  /** `output_config.format` (JSON schema structured outputs) accepted. */
  readonly structuredOutputs: boolean;
  /** Compaction on demand (`compaction: {type:'summarize'}`, beta `compact-2026-09-04`). */
  readonly compaction: boolean;
  /** A refused turn is retried by the API itself when asked (`fallbacks`). Fanout's own fallback is `fanout.fallbackModel`. */
  readonly serverFallback: boolean;
  /** Shorter prompts are not cached (no error, no cache write). */
  readonly minCacheableTokens: number;
  /** Tokens per 4 bytes of text, against the older tokenizer's ~1 (the newer one counts ~30% more). */
  readonly tokenizerFactor: number;
  /** Ascending by `upToPromptTokens`; the last tier has no upper bound. Empty: no known price. */
  readonly prices: readonly PriceTier[];
  /** The page each figure comes from, by field. */
  readonly sources: Readonly<Partial<Record<ModelField, SourceRef>>>;
}

export type ModelField =
  | 'contextWindow'
  | 'maxOutputTokens'
  | 'thinking'
  | 'forcedToolChoice'
  | 'samplingParameters'
  | 'prefill'
  | 'effort'
  | 'structuredOutputs'
  | 'compaction'
  | 'serverFallback'
  | 'minCacheableTokens'
  | 'tokenizerFactor'
  | 'prices';

/** A model id resolved against the table. */
export interface ResolvedModel {
  readonly id: string;
  readonly spec: ModelSpec;
  /** How the entry was found: the exact id, a family prefix, a user's override, or none (conservative rules). */
  readonly match: 'exact' | 'family' | 'override' | 'unknown';
  /** Set for an unknown id: what Fanout assumed, for a warning the user sees once. */
  readonly warning?: string;
}
