/**
 * The model-dependent request fields the bench's requests carry, and how the fake answers them.
 *
 * The engine run and the SDK floor send the same fields (model table: thinking, effort, output cap),
 * so both get the same answers; the scripted durations count the frames of exactly those answers,
 * shaped by the fake's own rules (`thinkingPlanFor`, `shapeContent`): a thinking block that opens the
 * answer, narration before a tool call sent as thinking on the models that do that, thinking text
 * emptied under the `omitted` display.
 */
import type { EffortSetting } from '../src/core/model/requestShape';
import { shapeRequest, type ShapedFields } from '../src/core/model/requestShape';
import type { ResolvedModel } from '../src/core/model/modelSpec';
import { DEFAULT_MODEL_TABLE } from '../src/core/model/modelTable';
import { DEFAULT_EFFORT } from '../src/core/defaults';
import type { Phase } from '../src/core/plan/plan';
import { thinkingPlanFor, type ThinkingPlan } from '../src/fakeApi/thinkingPlan';
import type { JsonObject } from '../src/fakeApi/script';

/** Output cap both runs ask for (the engine's default for agents). */
export const BENCH_MAX_TOKENS = 32_000;

/** Effort both runs use: the extension's defaults for agents and validators. */
export const BENCH_EFFORT: { readonly agent: EffortSetting; readonly validator: EffortSetting } = {
  agent: DEFAULT_EFFORT.agent,
  validator: DEFAULT_EFFORT.validator,
};

/** The model as the fake server resolves it (the fake runs with the built-in table, no overrides). */
export function resolveBenchModel(model: string): ResolvedModel {
  return DEFAULT_MODEL_TABLE.resolve(model);
}

/** Thinking, effort and output cap of a request for this model and phase, as the engine shapes them. */
export function requestFieldsFor(model: string, phase: Phase): ShapedFields {
  const role = phase === 'validate' ? 'validator' : 'agent';
  return shapeRequest(resolveBenchModel(model), { role, effort: BENCH_EFFORT[role], maxTokens: BENCH_MAX_TOKENS }).fields;
}

/** How the fake shapes the answer to a request `body` (thinking on or off, display, narration moved). */
export function answerPlanOf(body: JsonObject): ThinkingPlan {
  const model = typeof body.model === 'string' ? body.model : '';
  return thinkingPlanFor(body, resolveBenchModel(model).spec);
}

/** The answer plan of the requests the bench sends for this model and phase. */
export function answerPlanFor(model: string, phase: Phase): ThinkingPlan {
  const body = JSON.parse(JSON.stringify({ model, ...requestFieldsFor(model, phase) })) as JsonObject;
  return answerPlanOf(body);
}
