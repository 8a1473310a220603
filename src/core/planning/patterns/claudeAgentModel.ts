/**
 * Maps a Claude Code subagent's `model` front-matter value onto a model id Fanout can call.
 *
 * The aliases `opus`, `sonnet` and `haiku` become the current member of that family in the built-in
 * model table (the entries before the previous generation); `inherit` means no override (the run's
 * default model). Any other value is kept when the model table knows it (exactly or by family), else
 * it is dropped and reported.
 */
import { BUILTIN_MODELS } from '../../model/builtinModels';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../../model/modelTable';
import { PREVIOUS_MODELS } from '../../model/previousModels';

export const MODEL_ALIASES = ['opus', 'sonnet', 'haiku'] as const;
export type ModelAlias = (typeof MODEL_ALIASES)[number];

/** The current id of an alias's family in the built-in table (`opus` -> the current Opus id). */
export function currentModelFor(alias: ModelAlias): string | undefined {
  return BUILTIN_MODELS.find((spec) => !PREVIOUS_MODELS.includes(spec) && spec.id.startsWith(`claude-${alias}-`))?.id;
}

export type MappedModel =
  /** Use this id for the task. */
  | { readonly kind: 'model'; readonly model: string }
  /** No override: the run's default model (`inherit`, or no `model` line). */
  | { readonly kind: 'default' }
  /** Not honoured: the note says why. */
  | { readonly kind: 'unknown'; readonly note: string };

function isAlias(value: string): value is ModelAlias {
  return (MODEL_ALIASES as readonly string[]).includes(value);
}

/** Maps a `model` value; `table` decides which full ids are known (default: the built-in table). */
export function mapClaudeModel(value: string | undefined, table: ModelTable = DEFAULT_MODEL_TABLE): MappedModel {
  if (value === undefined) return { kind: 'default' };
  const wanted = value.trim();
  const lower = wanted.toLowerCase();
  if (lower === 'inherit' || lower === '') return { kind: 'default' };
  if (isAlias(lower)) {
    const id = currentModelFor(lower);
    if (id !== undefined) return { kind: 'model', model: id };
    return { kind: 'unknown', note: `model "${wanted}": the model table has no current ${lower} model; the task uses the run's default model` };
  }
  if (table.resolve(wanted).match !== 'unknown') return { kind: 'model', model: wanted };
  return {
    kind: 'unknown',
    note: `model "${wanted}" is not in Fanout's model table; the task uses the run's default model (use opus, sonnet, haiku, inherit or a Claude model id, or describe it in the fanout.modelTable setting)`,
  };
}
