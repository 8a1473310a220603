/**
 * Model prices and the cost of a turn. Prices are USD per million tokens, by exact model id. A model
 * with no price has no cost (null, shown as "n/a"): Fanout never guesses one.
 */
import { z } from 'zod';
import type { ModelPrice, PriceTable } from './engineTypes';
import type { TokenUsage } from './usage';

/** Cache writes (5-minute TTL) cost this multiple of the input price unless the table says otherwise. */
export const CACHE_WRITE_FACTOR = 1.25;
/** Cache reads cost this multiple of the input price unless the table says otherwise. */
export const CACHE_READ_FACTOR = 0.1;

/**
 * Built-in prices: deliberately empty. Current prices for the SDK's model ids could not be confirmed
 * from an authoritative, dated source, they change over time, and some are tiered by prompt length or
 * use cache multipliers other than the defaults above, which a flat table would price wrongly. A wrong
 * built-in price would make cost budgets silently wrong, so prices come from `fanout.prices`.
 */
export const DEFAULT_PRICES: PriceTable = Object.freeze({});

/** Cost of `usage` in USD, or null when `model` has no price in `prices`. */
export function costOf(model: string, usage: TokenUsage, prices: PriceTable): number | null {
  if (!Object.prototype.hasOwnProperty.call(prices, model)) {
    return null;
  }
  const price = prices[model];
  const cacheWrite = price.cacheWrite ?? price.input * CACHE_WRITE_FACTOR;
  const cacheRead = price.cacheRead ?? price.input * CACHE_READ_FACTOR;
  const micro = usage.input * price.input + usage.output * price.output + usage.cacheWrite * cacheWrite + usage.cacheRead * cacheRead;
  return micro / 1_000_000;
}

/**
 * USD saved by prompt-cache reads in `usage`: what those tokens would have cost at the full input
 * price minus what they cost as cache reads. Null when `model` has no price in `prices`.
 */
export function cacheSavingsOf(model: string, usage: TokenUsage, prices: PriceTable): number | null {
  if (!Object.prototype.hasOwnProperty.call(prices, model)) {
    return null;
  }
  const price = prices[model];
  const cacheRead = price.cacheRead ?? price.input * CACHE_READ_FACTOR;
  return (usage.cacheRead * (price.input - cacheRead)) / 1_000_000;
}

/** Later tables win per model (a user's `fanout.prices` over the defaults). */
export function mergePrices(...tables: readonly (PriceTable | undefined)[]): PriceTable {
  const merged: Record<string, ModelPrice> = {};
  for (const table of tables) {
    if (table === undefined) {
      continue;
    }
    for (const [model, price] of Object.entries(table)) {
      merged[model] = price;
    }
  }
  return Object.freeze(merged);
}

const perMillion = z.number().finite().nonnegative();
const modelPriceSchema = z.object({
  input: perMillion,
  output: perMillion,
  cacheWrite: perMillion.optional(),
  cacheRead: perMillion.optional(),
});

export interface ParsedPrices {
  readonly prices: PriceTable;
  /** One line per entry that was ignored: "claude-x: output: expected number". */
  readonly problems: readonly string[];
}

/** Reads a user's price table (the `fanout.prices` setting): valid entries are kept, invalid ones reported. */
export function parsePrices(value: unknown): ParsedPrices {
  if (value === undefined || value === null) {
    return { prices: Object.freeze({}), problems: [] };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { prices: Object.freeze({}), problems: ['prices must be an object of model id -> { input, output, cacheWrite?, cacheRead? }'] };
  }
  const prices: Record<string, ModelPrice> = {};
  const problems: string[] = [];
  for (const [model, raw] of Object.entries(value)) {
    const parsed = modelPriceSchema.safeParse(raw);
    if (parsed.success) {
      prices[model] = parsed.data;
    } else {
      const issue = parsed.error.issues[0];
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      problems.push(`${model}: ${where}${issue.message}`);
    }
  }
  return { prices: Object.freeze(prices), problems };
}
