/**
 * The built-in model table: the current Claude models Fanout defaults to, then the previous generation
 * (previousModels.ts) as families for ids they cover. Every figure names the documentation page it was
 * read from (modelSources.ts). Users add or override entries with the `fanout.modelTable` setting.
 */
import type { ModelSpec, ThinkingRules } from './modelSpec';
import { EFFORTS } from './modelSpec';
import { COMPACTION, FABLE_5_1, flat, HAIKU_5_5, OPUS_5_5, page, PRICING, SONNET_5_5, STRUCTURED } from './modelSources';
import { PREVIOUS_MODELS } from './previousModels';

/** Adaptive thinking that cannot be turned off; narration between tool calls arrives in thinking blocks. */
const ALWAYS_ON_INTERLEAVED: ThinkingRules = {
  accepted: ['adaptive'],
  defaultMode: 'adaptive',
  disabledOnlyAtEfforts: [],
  betweenToolsEfforts: [],
  displays: ['omitted', 'summarized'],
  defaultDisplay: 'omitted',
  textBetweenToolsInThinking: true,
};

export const BUILTIN_MODELS: readonly ModelSpec[] = [
  {
    id: 'claude-opus-5-5',
    name: 'Claude Opus 5.5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    thinking: ALWAYS_ON_INTERLEAVED,
    forcedToolChoice: false,
    samplingParameters: false,
    prefill: false,
    effort: { levels: EFFORTS, default: 'medium' },
    structuredOutputs: true,
    compaction: true,
    serverFallback: true,
    minCacheableTokens: 512,
    tokenizerFactor: 1.3,
    // Cache read is 0.05x input on Opus 5.5 (the page's own footnote), not the usual 0.1x.
    prices: flat(4, 20, 5, 8, 0.2),
    sources: {
      contextWindow: page(`${OPUS_5_5}/overview`),
      maxOutputTokens: page(`${OPUS_5_5}/overview`),
      thinking: page(`${OPUS_5_5}/whats-new-opus-5-5`),
      forcedToolChoice: page(`${OPUS_5_5}/whats-new-opus-5-5`),
      samplingParameters: page(`${OPUS_5_5}/migration-guide`),
      prefill: page(`${OPUS_5_5}/migration-guide`),
      effort: page(`${OPUS_5_5}/migration-guide`),
      structuredOutputs: STRUCTURED,
      compaction: COMPACTION,
      serverFallback: page(`${OPUS_5_5}/whats-new-opus-5-5`),
      minCacheableTokens: page(`${OPUS_5_5}/whats-new-opus-5-5`),
      tokenizerFactor: PRICING,
      prices: page(`${OPUS_5_5}/whats-new-opus-5-5`),
    },
  },
  {
    id: 'claude-sonnet-5-5',
    name: 'Claude Sonnet 5.5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    thinking: {
      // `disabled` is replaced by `between_tools`, the lowest setting, at low/medium/high effort only.
      accepted: ['adaptive', 'between_tools'],
      defaultMode: 'adaptive',
      disabledOnlyAtEfforts: [],
      betweenToolsEfforts: ['low', 'medium', 'high'],
      displays: ['omitted', 'summarized'],
      defaultDisplay: 'omitted',
      textBetweenToolsInThinking: true,
    },
    forcedToolChoice: false,
    samplingParameters: false,
    prefill: false,
    effort: { levels: EFFORTS, default: 'high' },
    structuredOutputs: true,
    compaction: true,
    serverFallback: true,
    minCacheableTokens: 512,
    // Same tokenizer as Sonnet 5, the newer one (~30% more tokens than the older one).
    tokenizerFactor: 1.3,
    // Cache reads $0.10 (0.05x input), cut from $0.20 on 2026-10-07.
    prices: flat(2, 10, 2.5, 4, 0.1),
    sources: {
      contextWindow: page(`${SONNET_5_5}/overview`),
      maxOutputTokens: page(`${SONNET_5_5}/overview`),
      thinking: page(`${SONNET_5_5}/migration-guide`),
      forcedToolChoice: page(`${SONNET_5_5}/whats-new-sonnet-5-5`),
      samplingParameters: page(`${SONNET_5_5}/overview`),
      prefill: page(`${SONNET_5_5}/migration-guide`),
      effort: page(`${SONNET_5_5}/whats-new-sonnet-5-5`),
      structuredOutputs: page(`${SONNET_5_5}/migration-guide`),
      compaction: page(`${SONNET_5_5}/whats-new-sonnet-5-5`),
      serverFallback: page(`${SONNET_5_5}/whats-new-sonnet-5-5`),
      minCacheableTokens: page(`${SONNET_5_5}/overview`),
      tokenizerFactor: page(`${SONNET_5_5}/whats-new-sonnet-5-5`),
      prices: page(`${SONNET_5_5}/overview`),
    },
  },
  {
    id: 'claude-haiku-5-5',
    name: 'Claude Haiku 5.5',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    thinking: {
      accepted: ['adaptive', 'disabled'],
      defaultMode: 'adaptive',
      disabledOnlyAtEfforts: ['low', 'medium', 'high'],
      betweenToolsEfforts: [],
      displays: ['omitted', 'summarized'],
      defaultDisplay: 'omitted',
      // The Haiku 5.5 pages do not say narration moves into thinking blocks; it stays text.
      textBetweenToolsInThinking: false,
    },
    // Accepted, but the answer then has no thinking block. Fanout uses structured outputs anyway.
    forcedToolChoice: true,
    samplingParameters: false,
    prefill: false,
    effort: { levels: EFFORTS, default: 'medium' },
    structuredOutputs: true,
    compaction: false,
    serverFallback: false,
    minCacheableTokens: 512,
    tokenizerFactor: 1.3,
    // Priced by prompt length (input + cache writes + cache reads): over 100,000 tokens pays more.
    prices: [
      { upToPromptTokens: 100_000, input: 0.1, output: 0.5, cacheWrite: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01 },
      { upToPromptTokens: null, input: 0.5, output: 2.5, cacheWrite: 0.625, cacheWrite1h: 1, cacheRead: 0.05 },
    ],
    sources: {
      contextWindow: page(`${HAIKU_5_5}/overview`),
      maxOutputTokens: page(`${HAIKU_5_5}/overview`),
      thinking: page(`${HAIKU_5_5}/whats-new-haiku-5-5`),
      forcedToolChoice: page(`${HAIKU_5_5}/migration-guide`),
      samplingParameters: page(`${HAIKU_5_5}/migration-guide`),
      prefill: page(`${HAIKU_5_5}/migration-guide`),
      effort: page(`${HAIKU_5_5}/overview`),
      structuredOutputs: page(`${HAIKU_5_5}/migration-guide`),
      compaction: COMPACTION,
      serverFallback: page(`${HAIKU_5_5}/whats-new-haiku-5-5`),
      minCacheableTokens: page(`${HAIKU_5_5}/overview`),
      tokenizerFactor: page(`${HAIKU_5_5}/whats-new-haiku-5-5`),
      prices: page(`${HAIKU_5_5}/overview`),
    },
  },
  {
    id: 'claude-fable-5-1',
    name: 'Claude Fable 5.1',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    thinking: ALWAYS_ON_INTERLEAVED,
    forcedToolChoice: false,
    samplingParameters: false,
    prefill: false,
    effort: { levels: EFFORTS, default: 'high' },
    structuredOutputs: true,
    compaction: true,
    serverFallback: true,
    minCacheableTokens: 512,
    tokenizerFactor: 1.3,
    // Cache reads are 0.025x input on Fable 5.1.
    prices: flat(10, 50, 12.5, 20, 0.25),
    sources: {
      contextWindow: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      maxOutputTokens: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      thinking: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      forcedToolChoice: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      samplingParameters: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      prefill: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      effort: page(`${FABLE_5_1}/overview`),
      structuredOutputs: STRUCTURED,
      compaction: COMPACTION,
      serverFallback: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      minCacheableTokens: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      tokenizerFactor: page(`${FABLE_5_1}/whats-new-fable-5-1`),
      prices: page(`${FABLE_5_1}/whats-new-fable-5-1`),
    },
  },
  ...PREVIOUS_MODELS,
];

/**
 * What Fanout assumes of a model id it does not know: the strictest rules any current model applies
 * (no forced tool choice, no sampling parameters, no prefill, no thinking or effort fields at all), the
 * smallest window of the table, and no price (cost shows as n/a; Fanout never guesses one).
 */
export const CONSERVATIVE_MODEL: Omit<ModelSpec, 'id' | 'name'> = {
  contextWindow: 200_000,
  maxOutputTokens: 32_000,
  // Nothing is assumed about thinking: Fanout sends no thinking field and handles thinking blocks
  // whenever they come.
  thinking: {
    accepted: [],
    defaultMode: 'none',
    disabledOnlyAtEfforts: [],
    betweenToolsEfforts: [],
    displays: [],
    defaultDisplay: null,
    textBetweenToolsInThinking: false,
  },
  forcedToolChoice: false,
  samplingParameters: false,
  prefill: false,
  effort: null,
  structuredOutputs: false,
  compaction: false,
  serverFallback: false,
  minCacheableTokens: 4096,
  tokenizerFactor: 1.3,
  prices: [],
  sources: {},
};
