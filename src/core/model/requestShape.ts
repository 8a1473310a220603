/**
 * The model-dependent fields of a request, from the model table: thinking, effort, structured output
 * format and the output cap. Every request Fanout builds gets these fields from here and nowhere else;
 * none ever carries a forced tool choice, sampling parameters or an assistant prefill.
 */
import type { Effort, ModelSpec, ResolvedModel } from './modelSpec';

export type ModelRole = 'router' | 'planner' | 'agent' | 'validator';

/** A role's effort: a level, or `default` to leave the model's own default. */
export type EffortSetting = Effort | 'default';

export type ThinkingParam =
  { readonly type: 'adaptive'; readonly display?: 'omitted' | 'summarized' } | { readonly type: 'disabled' } | { readonly type: 'between_tools' };

export interface OutputConfigParam {
  readonly effort?: Effort;
  readonly format?: { readonly type: 'json_schema'; readonly schema: Record<string, unknown> };
}

/** The fields to spread into a request (each present only when it should be sent). */
export interface ShapedFields {
  readonly max_tokens: number;
  readonly thinking?: ThinkingParam;
  readonly output_config?: OutputConfigParam;
}

export interface ShapeOptions {
  readonly role: ModelRole;
  readonly effort: EffortSetting;
  /** The output cap wanted; capped at the model's maximum. */
  readonly maxTokens: number;
  /** A JSON schema the answer must follow: sent as structured output when the model takes it. */
  readonly schema?: Record<string, unknown>;
}

export interface Shaped {
  readonly fields: ShapedFields;
  /** The effort the request runs at (sent or the model's default); null when the model takes none. */
  readonly effort: Effort | null;
  /** True when the answer's JSON is constrained by `output_config.format` (else it is only asked for in words). */
  readonly structured: boolean;
  /** Settings that could not be honoured for this model, for a warning. */
  readonly notes: readonly string[];
}

/** The effort a request runs at and whether it is sent. */
function effortFor(spec: ModelSpec, wanted: EffortSetting, notes: string[]): { readonly level: Effort | null; readonly send: boolean } {
  if (spec.effort === null) {
    if (wanted !== 'default') notes.push(`${spec.id} takes no effort setting; "${wanted}" is not sent.`);
    return { level: null, send: false };
  }
  if (wanted === 'default') return { level: spec.effort.default, send: false };
  if (!spec.effort.levels.includes(wanted)) {
    notes.push(`${spec.id} does not take effort "${wanted}"; its default "${spec.effort.default}" is used.`);
    return { level: spec.effort.default, send: false };
  }
  return { level: wanted, send: wanted !== spec.effort.default };
}

/**
 * Thinking for a role. The router asks for as little thinking as the model allows (a one-line
 * classification needs none). Everyone else keeps the model's adaptive thinking and asks for the
 * `summarized` display where the model has one, so the progress notes the model writes between tool
 * calls (which arrive inside thinking blocks on the current models) reach the agent's card.
 */
function thinkingFor(spec: ModelSpec, role: ModelRole, effort: Effort | null): ThinkingParam | undefined {
  const rules = spec.thinking;
  if (role === 'router') {
    const atEffort = (allowed: readonly Effort[]): boolean => allowed.length === 0 || (effort !== null && allowed.includes(effort));
    if (rules.accepted.includes('disabled') && atEffort(rules.disabledOnlyAtEfforts)) return { type: 'disabled' };
    if (rules.accepted.includes('between_tools') && effort !== null && rules.betweenToolsEfforts.includes(effort)) return { type: 'between_tools' };
    return undefined;
  }
  if (rules.accepted.includes('adaptive') && rules.displays.includes('summarized')) return { type: 'adaptive', display: 'summarized' };
  return undefined;
}

export function shapeRequest(model: ResolvedModel, options: ShapeOptions): Shaped {
  const spec = model.spec;
  const notes: string[] = [];
  const effort = effortFor(spec, options.effort, notes);
  const thinking = thinkingFor(spec, options.role, effort.level);
  const structured = options.schema !== undefined && spec.structuredOutputs;
  const outputConfig: { effort?: Effort; format?: OutputConfigParam['format'] } = {};
  if (effort.send && effort.level !== null) outputConfig.effort = effort.level;
  if (structured && options.schema !== undefined) outputConfig.format = { type: 'json_schema', schema: options.schema };
  const fields: { max_tokens: number; thinking?: ThinkingParam; output_config?: OutputConfigParam } = {
    max_tokens: Math.max(1, Math.min(options.maxTokens, spec.maxOutputTokens)),
  };
  if (thinking !== undefined) fields.thinking = thinking;
  if (Object.keys(outputConfig).length > 0) fields.output_config = outputConfig;
  return { fields, effort: effort.level, structured, notes };
}

/** Tokens of `bytes` bytes of text for this model (4 bytes a token on the older tokenizer, times the model's factor). */
export function estimateTokensOfBytes(spec: ModelSpec, bytes: number): number {
  return Math.ceil((bytes / 4) * spec.tokenizerFactor);
}
