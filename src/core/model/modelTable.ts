/**
 * Looks model ids up in the table: the built-in entries, then a user's additions and overrides (the
 * `fanout.modelTable` setting, or `--model-table FILE` in the CLI). An id is matched exactly, then by
 * family (`claude-sonnet-5-5-20261001` and `anthropic.claude-sonnet-5-5` are Sonnet 5.5); an id no
 * entry covers gets the conservative rules and a warning naming it.
 */
import { z } from 'zod';
import { BUILTIN_MODELS, CONSERVATIVE_MODEL } from './builtinModels';
import { EFFORTS, type ModelSpec, type ResolvedModel } from './modelSpec';

const effortSchema = z.enum(['low', 'medium', 'high', 'xhigh', 'max']);
const perMillion = z.number().nonnegative();

/** One entry of `fanout.modelTable`: every field optional; what is left out comes from the built-in entry (or the conservative rules). */
export const modelOverrideSchema = z.strictObject({
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  forcedToolChoice: z.boolean().optional(),
  samplingParameters: z.boolean().optional(),
  prefill: z.boolean().optional(),
  structuredOutputs: z.boolean().optional(),
  compaction: z.boolean().optional(),
  tokenizerFactor: z.number().positive().max(4).optional(),
  effortLevels: z.array(effortSchema).optional(),
  defaultEffort: effortSchema.optional(),
  thinkingTypes: z.array(z.enum(['adaptive', 'enabled', 'disabled', 'between_tools'])).optional(),
  thinkingDisplays: z.array(z.enum(['omitted', 'summarized'])).optional(),
  textBetweenToolsInThinking: z.boolean().optional(),
  minCacheableTokens: z.number().int().nonnegative().optional(),
  price: z.strictObject({ input: perMillion, output: perMillion, cacheWrite: perMillion.optional(), cacheRead: perMillion.optional() }).optional(),
});

export type ModelOverride = z.infer<typeof modelOverrideSchema>;
export type ModelOverrides = Readonly<Record<string, ModelOverride>>;

export interface ParsedOverrides {
  readonly overrides: ModelOverrides;
  /** One line per ignored entry: "claude-x: contextWindow: expected number". */
  readonly problems: readonly string[];
}

/** Reads `fanout.modelTable`: valid entries are kept, invalid ones reported. */
export function parseModelOverrides(value: unknown): ParsedOverrides {
  if (value === undefined || value === null) return { overrides: {}, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { overrides: {}, problems: ['the model table must be an object of model id -> { contextWindow?, maxOutputTokens?, … }'] };
  }
  const overrides: Record<string, ModelOverride> = {};
  const problems: string[] = [];
  for (const [id, raw] of Object.entries(value)) {
    const parsed = modelOverrideSchema.safeParse(raw);
    if (parsed.success) overrides[id] = parsed.data;
    else {
      const issue = parsed.error.issues[0];
      problems.push(`${id}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
    }
  }
  return { overrides, problems };
}

type BuiltinMatch = { readonly spec: ModelSpec; readonly match: 'exact' | 'family' } | undefined;

/** Ids already matched: a run prices every answer, and a dated or unknown id would scan the table each time. */
const builtinMatches = new Map<string, BuiltinMatch>();
/** Ids come from settings and plans, a handful per session; past this many the memo starts over. */
const MAX_REMEMBERED_IDS = 256;

/** The built-in entry for an id: exact, then the longest family prefix (a dated or provider-prefixed id). */
export function builtinModel(id: string): BuiltinMatch {
  if (builtinMatches.has(id)) return builtinMatches.get(id);
  const found = matchBuiltin(id);
  if (builtinMatches.size >= MAX_REMEMBERED_IDS) builtinMatches.clear();
  builtinMatches.set(id, found);
  return found;
}

function matchBuiltin(id: string): BuiltinMatch {
  const exact = BUILTIN_MODELS.find((spec) => spec.id === id);
  if (exact !== undefined) return { spec: exact, match: 'exact' };
  const bare = id.slice(Math.max(0, id.indexOf('claude-')));
  const family = BUILTIN_MODELS.filter((spec) => bare === spec.id || bare.startsWith(`${spec.id}-`) || bare.startsWith(`${spec.id}@`)).sort(
    (a, b) => b.id.length - a.id.length,
  )[0];
  return family === undefined ? undefined : { spec: family, match: 'family' };
}

function applyOverride(base: ModelSpec, override: ModelOverride): ModelSpec {
  const effortLevels = override.effortLevels ?? base.effort?.levels;
  const defaultEffort = override.defaultEffort ?? base.effort?.default ?? effortLevels?.[0];
  return {
    ...base,
    contextWindow: override.contextWindow ?? base.contextWindow,
    maxOutputTokens: override.maxOutputTokens ?? base.maxOutputTokens,
    forcedToolChoice: override.forcedToolChoice ?? base.forcedToolChoice,
    samplingParameters: override.samplingParameters ?? base.samplingParameters,
    prefill: override.prefill ?? base.prefill,
    structuredOutputs: override.structuredOutputs ?? base.structuredOutputs,
    compaction: override.compaction ?? base.compaction,
    tokenizerFactor: override.tokenizerFactor ?? base.tokenizerFactor,
    minCacheableTokens: override.minCacheableTokens ?? base.minCacheableTokens,
    effort: effortLevels !== undefined && effortLevels.length > 0 && defaultEffort !== undefined ? { levels: effortLevels, default: defaultEffort } : null,
    thinking: {
      ...base.thinking,
      accepted: override.thinkingTypes ?? base.thinking.accepted,
      displays: override.thinkingDisplays ?? base.thinking.displays,
      defaultDisplay:
        override.thinkingDisplays !== undefined
          ? override.thinkingDisplays.includes('omitted')
            ? 'omitted'
            : (override.thinkingDisplays[0] ?? null)
          : base.thinking.defaultDisplay,
      textBetweenToolsInThinking: override.textBetweenToolsInThinking ?? base.thinking.textBetweenToolsInThinking,
    },
    prices:
      override.price === undefined
        ? base.prices
        : [
            {
              upToPromptTokens: null,
              input: override.price.input,
              output: override.price.output,
              cacheWrite: override.price.cacheWrite ?? override.price.input * 1.25,
              cacheRead: override.price.cacheRead ?? override.price.input * 0.1,
            },
          ],
  };
}

export class ModelTable {
  readonly #overrides: ModelOverrides;
  readonly #cache = new Map<string, ResolvedModel>();

  constructor(overrides: ModelOverrides = {}) {
    this.#overrides = overrides;
  }

  /** The entry for `id`: an override (on top of the built-in entry it extends), the built-in entry, or the conservative rules. */
  resolve(id: string): ResolvedModel {
    const cached = this.#cache.get(id);
    if (cached !== undefined) return cached;
    const resolved = this.#resolve(id);
    this.#cache.set(id, resolved);
    return resolved;
  }

  #resolve(id: string): ResolvedModel {
    const builtin = builtinModel(id);
    const override = Object.prototype.hasOwnProperty.call(this.#overrides, id) ? this.#overrides[id] : undefined;
    if (override !== undefined) {
      const base = builtin?.spec ?? { ...CONSERVATIVE_MODEL, id, name: id };
      return { id, spec: { ...applyOverride(base, override), id, name: base.name }, match: 'override' };
    }
    if (builtin !== undefined) return { id, spec: builtin.spec, match: builtin.match };
    return {
      id,
      spec: { ...CONSERVATIVE_MODEL, id, name: id },
      match: 'unknown',
      warning:
        `Fanout does not know model "${id}": it sends no forced tool choice, sampling parameters, prefill, thinking or effort fields, ` +
        `assumes a ${CONSERVATIVE_MODEL.contextWindow.toLocaleString('en-US')}-token window and shows its cost as n/a. ` +
        'Describe it in the fanout.modelTable setting (context window, effort levels, price …) to use it fully.',
    };
  }
}

/** The table with only the built-in entries. */
export const DEFAULT_MODEL_TABLE = new ModelTable();

export { EFFORTS };
