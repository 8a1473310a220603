/** Where the built-in model figures come from, and small builders for their entries. */
import type { PriceTier, SourceRef } from './modelSpec';

/** The day every built-in figure was read. */
const CHECKED = '2026-11-30';
const DOCS = 'https://platform.claude.com/docs/en';

/** A documentation page, read on CHECKED. */
export const page = (path: string): SourceRef => ({ url: `${DOCS}/${path}`, checked: CHECKED });

export const PRICING = page('about-claude/pricing');
export const CACHING = page('build-with-claude/prompt-caching');
export const STRUCTURED = page('build-with-claude/structured-outputs');
export const COMPACTION = page('build-with-claude/compaction-on-demand');

export const OPUS_5_5 = 'models/opus-5-5';
export const SONNET_5_5 = 'models/sonnet-5-5';
export const HAIKU_5_5 = 'models/haiku-5-5';
export const FABLE_5_1 = 'models/fable-5-1';

/** One flat price: cache writes and reads as listed on the model's page. */
export function flat(input: number, output: number, cacheWrite: number, cacheWrite1h: number, cacheRead: number): PriceTier[] {
  return [{ upToPromptTokens: null, input, output, cacheWrite, cacheWrite1h, cacheRead }];
}
