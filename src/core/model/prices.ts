/**
 * Model prices and the cost of a turn. Prices are USD per million tokens, by model id. The built-in
 * prices come from the model table (each model's documentation page, with the day it was read); a
 * user's `fanout.prices` entry replaces the built-in one for its id. A dated or provider-prefixed id
 * (`claude-sonnet-5-5-20261001`) is priced as its family. A model with no price has no cost (null,
 * shown as "n/a"): Fanout never guesses one.
 */
import { z } from 'zod';
import type { ModelPrice, PriceTable } from '../run/engineTypes';
import { BUILTIN_MODELS } from './builtinModels';
import type { PriceTier, SourceRef } from './modelSpec';
import { builtinModel, type ModelOverrides } from './modelTable';
import type { TokenUsage } from './usage';

/** Cache writes (5-minute TTL) cost this multiple of the input price unless the table says otherwise. */
export const CACHE_WRITE_FACTOR = 1.25;
/** Cache reads cost this multiple of the input price unless the table says otherwise (0.05x on Opus/Sonnet 5.5: their built-in prices say so). */
export const CACHE_READ_FACTOR = 0.1;

/** A model's price from its tiers: the flat fields are the lowest tier, for readers that ignore tiers. */
function priceOfTiers(tiers: readonly PriceTier[]): ModelPrice {
  const first = tiers[0];
  return { input: first.input, output: first.output, cacheWrite: first.cacheWrite, cacheRead: first.cacheRead, tiers };
}

/** Built-in prices of the model table's entries (tiered where the model is priced by prompt length), by model id. */
export const DEFAULT_PRICES: PriceTable = Object.freeze(
  Object.fromEntries(BUILTIN_MODELS.filter((spec) => spec.prices.length > 0).map((spec) => [spec.id, Object.freeze(priceOfTiers(spec.prices))])),
);

/** Where each built-in price was read, and when. */
export const DEFAULT_PRICE_SOURCES: Readonly<Record<string, SourceRef>> = Object.freeze(
  Object.fromEntries(BUILTIN_MODELS.flatMap((spec) => (spec.sources.prices !== undefined && spec.prices.length > 0 ? [[spec.id, spec.sources.prices]] : []))),
);

/** The price for `model`: its own entry, then its family's (a dated or provider-prefixed id of a built-in model). */
export function priceFor(model: string, prices: PriceTable): ModelPrice | undefined {
  if (Object.prototype.hasOwnProperty.call(prices, model)) return prices[model];
  const family = builtinModel(model);
  if (family?.match !== 'family') return undefined;
  return Object.prototype.hasOwnProperty.call(prices, family.spec.id) ? prices[family.spec.id] : undefined;
}

interface Rates {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

/**
 * The rates one request pays. A tiered model is priced by the request's prompt length: every input
 * token of it, cache writes and cache reads included, picks the tier (the Haiku 5.5 rule).
 */
function ratesFor(price: ModelPrice, usage: TokenUsage): Rates {
  const prompt = usage.input + usage.cacheWrite + usage.cacheRead;
  const tier = price.tiers?.find((t) => t.upToPromptTokens === null || prompt <= t.upToPromptTokens) ?? price.tiers?.[price.tiers.length - 1];
  if (tier !== undefined) return tier;
  return {
    input: price.input,
    output: price.output,
    cacheWrite: price.cacheWrite ?? price.input * CACHE_WRITE_FACTOR,
    cacheRead: price.cacheRead ?? price.input * CACHE_READ_FACTOR,
  };
}

/** Cost of one request's `usage` in USD, or null when `model` has no price in `prices`. */
export function costOf(model: string, usage: TokenUsage, prices: PriceTable): number | null {
  const price = priceFor(model, prices);
  if (price === undefined) return null;
  const rates = ratesFor(price, usage);
  const micro = usage.input * rates.input + usage.output * rates.output + usage.cacheWrite * rates.cacheWrite + usage.cacheRead * rates.cacheRead;
  return micro / 1_000_000;
}

/**
 * USD saved by prompt-cache reads in one request's `usage`: what those tokens would have cost at the
 * full input price minus what they cost as cache reads. Null when `model` has no price in `prices`.
 */
export function cacheSavingsOf(model: string, usage: TokenUsage, prices: PriceTable): number | null {
  const price = priceFor(model, prices);
  if (price === undefined) return null;
  const rates = ratesFor(price, usage);
  return (usage.cacheRead * (rates.input - rates.cacheRead)) / 1_000_000;
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

/** The prices a user's model table gives (`fanout.modelTable` entries with a `price`), flat. */
export function pricesOfModelOverrides(overrides: ModelOverrides): PriceTable {
  const prices: Record<string, ModelPrice> = {};
  for (const [model, override] of Object.entries(overrides)) {
    if (override.price !== undefined) prices[model] = { ...override.price };
  }
  return Object.freeze(prices);
}

/** Built-in prices, then a model table's prices, then a price table's: the table a run is priced with. */
export function effectivePrices(user: PriceTable, overrides: ModelOverrides = {}): PriceTable {
  return mergePrices(DEFAULT_PRICES, pricesOfModelOverrides(overrides), user);
}

const perMillion = z.number().nonnegative();
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
