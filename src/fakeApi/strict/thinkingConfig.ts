/** `thinking` and `output_config.effort`: which modes, displays and efforts each model accepts. */
import type { Effort, ModelSpec, ThinkingType } from '../../core/model/modelSpec';
import type { JsonObject } from '../script';
import { invalid, isObject, isSet, show, type RequestRejection } from './rejection';
import { forcesTool, type RequestView } from './requestView';

const THINKING_TYPES: readonly ThinkingType[] = ['adaptive', 'enabled', 'disabled', 'between_tools'];
const BINDING_BETA = 'thinking-binding-controls-2026-08-01';

/** Fields each `thinking.type` takes besides `type`. */
const FIELDS: Readonly<Record<ThinkingType, readonly string[]>> = {
  adaptive: ['display', 'block_binding'],
  enabled: ['budget_tokens', 'display'],
  disabled: [],
  between_tools: [],
};

/** The effort a request runs at: `output_config.effort`, else the model's default (null when it takes none). */
export function effortOf(body: JsonObject, spec: ModelSpec): Effort | null {
  const config = body.output_config;
  if (isObject(config) && typeof config.effort === 'string') return config.effort as Effort;
  return spec.effort?.default ?? null;
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * `output_config.effort` is one of the model's levels; a model without effort takes none. The message
 * for a model without effort is not published.
 * https://platform.claude.com/docs/en/models/opus-5-5/migration-guide ("All five levels … are supported")
 * https://platform.claude.com/docs/en/build-with-claude/thinking ("Don't pass `adaptive` as an `effort` value")
 */
export function checkEffort(view: RequestView): RequestRejection | null {
  const config = view.body.output_config;
  if (!isSet(config)) return null;
  if (!isObject(config)) return invalid('output_config: Input should be a valid dictionary');
  const effort = config.effort;
  if (!isSet(effort)) return null;
  if (view.spec.effort === null) return invalid('output_config.effort: effort is not supported for this model.');
  if (typeof effort !== 'string' || !(view.spec.effort.levels as readonly string[]).includes(effort)) {
    return invalid(`output_config.effort: Input should be ${quoteList(view.spec.effort.levels)}`);
  }
  return null;
}

/**
 * `thinking` per model. Exact messages where the docs give them:
 * - Opus 5.5 (and Fable 5.1) reject `disabled` and `enabled`:
 *   https://platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5
 * - Sonnet 5.5 rejects `disabled` pointing to `between_tools`, which it takes at low/medium/high effort
 *   with no other field: https://platform.claude.com/docs/en/models/sonnet-5-5/migration-guide
 * - Haiku 5.5 takes `disabled` at `high` effort or below (message above it not published):
 *   https://platform.claude.com/docs/en/models/haiku-5-5/whats-new-haiku-5-5
 * - Haiku 4.5 rejects adaptive: https://platform.claude.com/docs/en/build-with-claude/thinking-troubleshooting
 * - `display` takes `summarized` or `omitted` (`updates` is a beta the table does not list):
 *   https://platform.claude.com/docs/en/build-with-claude/thinking
 */
export function checkThinking(view: RequestView): RequestRejection | null {
  const thinking = view.body.thinking;
  if (!isSet(thinking)) return null;
  if (!isObject(thinking)) return invalid('thinking: Input should be a valid dictionary');
  const type = thinking.type;
  if (typeof type !== 'string' || !(THINKING_TYPES as readonly string[]).includes(type)) {
    return invalid(`thinking.type: Input should be ${quoteList(THINKING_TYPES)}`);
  }
  const mode = type as ThinkingType;
  const rules = view.spec.thinking;
  if (!rules.accepted.includes(mode)) return invalid(unsupportedModeMessage(mode, view.spec));
  const extra = Object.keys(thinking).find((key) => key !== 'type' && !FIELDS[mode].includes(key) && isSet(thinking[key]));
  if (extra !== undefined) {
    return mode === 'between_tools'
      ? invalid(`thinking.between_tools.${extra}: "thinking.type.between_tools" takes no other field.`)
      : invalid(`thinking.${mode}.${extra}: Extra inputs are not permitted`);
  }
  const effort = effortOf(view.body, view.spec);
  if (mode === 'disabled' && rules.disabledOnlyAtEfforts.length > 0 && (effort === null || !rules.disabledOnlyAtEfforts.includes(effort))) {
    return invalid(
      `"thinking.type.disabled" is not supported at effort ${show(effort)} for this model. Use an effort of ${quoteList(rules.disabledOnlyAtEfforts)}, or "thinking.type.adaptive".`,
    );
  }
  if (mode === 'between_tools' && (effort === null || !rules.betweenToolsEfforts.includes(effort))) {
    return invalid(
      `"thinking.type.between_tools" is not supported at effort ${show(effort)}. Use an effort of ${quoteList(rules.betweenToolsEfforts)}, or "thinking.type.adaptive".`,
    );
  }
  const display = thinking.display;
  if (isSet(display) && (typeof display !== 'string' || !(rules.displays as readonly string[]).includes(display))) {
    return rules.displays.length === 0
      ? invalid(`thinking.${mode}.display: Extra inputs are not permitted`)
      : invalid(`thinking.${mode}.display: Input should be ${quoteList(rules.displays)}`);
  }
  if (mode === 'enabled') return checkBudget(thinking, view.body);
  if (mode === 'adaptive' && isSet(thinking.block_binding)) return checkBlockBinding(thinking.block_binding, view.betas);
  return null;
}

function unsupportedModeMessage(mode: ThinkingType, spec: ModelSpec): string {
  const control = 'Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.';
  switch (mode) {
    case 'disabled':
      return spec.thinking.accepted.includes('between_tools')
        ? `"thinking.type.disabled" is not supported for this model. Use "thinking.type.between_tools" for the lowest thinking setting, or "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`
        : `"thinking.type.disabled" is not supported for this model. ${control}`;
    case 'enabled':
      return `"thinking.type.enabled" is not supported for this model. ${control}`;
    case 'adaptive':
      return 'adaptive thinking is not supported on this model';
    case 'between_tools':
      return `"thinking.type.between_tools" is not supported for this model. ${control}`;
  }
}

/**
 * Extended thinking: `budget_tokens` ≥ 1024 and below `max_tokens` (SDK 1.14 `ThinkingConfigEnabled`),
 * and no forced tool choice.
 * https://platform.claude.com/docs/en/build-with-claude/thinking
 */
function checkBudget(thinking: JsonObject, body: JsonObject): RequestRejection | null {
  const budget = thinking.budget_tokens;
  if (budget === undefined) return invalid('thinking.enabled.budget_tokens: Field required');
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return invalid('thinking.enabled.budget_tokens: Input should be a valid integer');
  if (budget < 1024) return invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  if (typeof body.max_tokens === 'number' && budget >= body.max_tokens) return invalid('`max_tokens` must be greater than `thinking.budget_tokens`.');
  if (forcesTool(body)) return invalid('Thinking may not be enabled when tool_choice forces tool use.');
  return null;
}

/**
 * `block_binding` needs its beta header and takes `prefix_mismatch_behavior` `error` or `drop_block`.
 * https://platform.claude.com/docs/en/build-with-claude/thinking ("Sending `block_binding` without the beta header returns 400")
 */
function checkBlockBinding(binding: JsonObject[string], betas: ReadonlySet<string>): RequestRejection | null {
  if (!betas.has(BINDING_BETA)) return invalid(`thinking.adaptive.block_binding: requires the \`${BINDING_BETA}\` value in the \`anthropic-beta\` header.`);
  if (!isObject(binding)) return invalid('thinking.adaptive.block_binding: Input should be a valid dictionary');
  const behavior = binding.prefix_mismatch_behavior;
  if (isSet(behavior) && behavior !== 'error' && behavior !== 'drop_block') {
    return invalid(`thinking.adaptive.block_binding.prefix_mismatch_behavior: Input should be 'error' or 'drop_block'`);
  }
  return null;
}
