/**
 * Turns a scripted answer into what the model would send for this request (see thinkingPlan.ts): the
 * thinking block it opens with, narration before tool calls moved into thinking blocks on the models
 * that do that, thinking text emptied under the `omitted` display, and nothing before the tool call when
 * `tool_choice` forces one. Scripts write the conversation
 * once; the request decides how it arrives.
 */
import type { BlockSpec } from './script';
import type { ThinkingPlan } from './thinkingPlan';

/** The reasoning summary of an answer whose script gives none. */
export const GENERATED_THINKING = 'Weighing the request and the context before answering.';

export function shapeContent(scripted: readonly BlockSpec[], plan: ThinkingPlan): BlockSpec[] {
  const firstCall = scripted.findIndex((block) => block.type === 'tool_use');
  const content = plan.forcedTool && firstCall > 0 ? scripted.slice(firstCall) : scripted;
  if (!plan.on) return content.filter((block) => block.type !== 'thinking');
  let lastToolUse = -1;
  content.forEach((block, index) => {
    if (block.type === 'tool_use') lastToolUse = index;
  });
  const moved = content.map((block, index): BlockSpec =>
    block.type === 'text' && plan.textBetweenTools && index < lastToolUse ? { type: 'thinking', thinking: block.text } : block,
  );
  const opened: BlockSpec[] = plan.leading && moved[0]?.type !== 'thinking' ? [{ type: 'thinking', thinking: GENERATED_THINKING }, ...moved] : moved;
  return opened.map((block) => (block.type === 'thinking' ? { type: 'thinking', thinking: plan.display === 'omitted' ? '' : block.thinking } : block));
}
