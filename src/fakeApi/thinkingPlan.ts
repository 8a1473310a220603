/**
 * Whether an answer thinks and how its thinking shows, from the request and the model table, as the
 * current models behave:
 * - on for `adaptive`, `enabled` and `between_tools`, and when `thinking` is left out of a request to a
 *   model whose default is adaptive; off for `disabled`;
 * - off when `tool_choice` forces a tool (Haiku 5.5 takes it and "the response starts with the tool call
 *   and has no `thinking` block": https://platform.claude.com/docs/en/models/haiku-5-5/migration-guide);
 * - the display is the request's, else the model's default (`omitted`: empty text plus a signature);
 *   `between_tools` returns its progress notes as text without a display
 *   (https://platform.claude.com/docs/en/models/sonnet-5-5/migration-guide);
 * - on Opus 5.5, Sonnet 5.5 and Fable 5.1 the text written between tool calls arrives inside thinking
 *   blocks (https://platform.claude.com/docs/en/models/opus-5-5/migration-guide).
 */
import type { ModelSpec, ThinkingDisplay } from '../core/model/modelSpec';
import type { JsonObject } from './script';
import { isObject } from './strict/rejection';
import { forcesTool } from './strict/requestView';

export interface ThinkingPlan {
  readonly on: boolean;
  readonly display: ThinkingDisplay;
  /** The answer opens with a reasoning block (not with `between_tools`, which thinks only between tool calls). */
  readonly leading: boolean;
  /** Text before a tool call is sent as a thinking block. */
  readonly textBetweenTools: boolean;
  /** `tool_choice` forces a tool: the answer starts with the tool call (nothing is written before it). */
  readonly forcedTool: boolean;
}

export function thinkingPlanFor(body: JsonObject, spec: ModelSpec): ThinkingPlan {
  const thinking = isObject(body.thinking) ? body.thinking : null;
  const type = thinking === null ? null : thinking.type;
  const requested = type === null ? spec.thinking.defaultMode === 'adaptive' : type === 'adaptive' || type === 'enabled' || type === 'between_tools';
  const forcedTool = forcesTool(body);
  const on = requested && !forcedTool;
  const asked = thinking?.display;
  const display: ThinkingDisplay =
    type === 'between_tools' ? 'summarized' : asked === 'omitted' || asked === 'summarized' ? asked : (spec.thinking.defaultDisplay ?? 'summarized');
  return { on, display, leading: on && type !== 'between_tools', textBetweenTools: on && spec.thinking.textBetweenToolsInThinking, forcedTool };
}
