/** The agent endings that come from the model rather than from a budget or an error: refusals and a full window. */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentResult } from '../contextTypes';
import type { ResolvedModel } from '../../model/modelSpec';
import { answerText } from './history';
import { bounded } from './text';

const KEPT = 'Files it already staged are kept.';

/** A refusal: names the category and the API's explanation when it gave them. */
export function refusalEnd(message: Anthropic.Message, model: string, refusedBefore?: string): AgentResult {
  const details = message.stop_details;
  const category = details?.category ?? null;
  const explanation = details?.explanation ?? null;
  const why = explanation !== null && explanation.trim() !== '' ? explanation.trim() : bounded(answerText(message.content), 300);
  const head =
    refusedBefore === undefined
      ? `${model} declined to continue this task (refusal${category !== null ? `, category "${category}"` : ''})`
      : `${refusedBefore} declined to continue this task, and so did the fallback model ${model} (refusal${category !== null ? `, category "${category}"` : ''})`;
  const hint =
    refusedBefore === undefined
      ? 'Reword the task, or set "fanout.fallbackModel" so that another model retries a refused turn.'
      : 'Reword the task or split it.';
  return { outcome: 'failed', reason: 'refusal', message: `${head}${why !== '' ? `: ${sentence(why)}` : '.'} ${hint} ${KEPT}` };
}

/** The next request would not fit the model's window, and the conversation cannot be compacted. */
export function windowFullEnd(model: ResolvedModel, tokens: number, compactionProblem: string | undefined): AgentResult {
  const cannot = model.spec.compaction
    ? `its conversation could not be compacted (${compactionProblem ?? 'it had outgrown the window before it could be'})`
    : `${model.id} cannot compact a conversation`;
  return {
    outcome: 'failed',
    reason: 'context-window',
    message:
      `The next request would need about ${tokens.toLocaleString('en-US')} tokens, more than the ${model.spec.contextWindow.toLocaleString('en-US')}-token context window of ${model.id}, and ${cannot}. ` +
      `Split the task into smaller tasks or choose a model with a larger window. ${KEPT}`,
  };
}

/** The API stopped an answer because it filled the window (`model_context_window_exceeded`). */
export function windowExceededEnd(model: ResolvedModel): AgentResult {
  return {
    outcome: 'failed',
    reason: 'context-window',
    message:
      `The conversation filled the ${model.spec.contextWindow.toLocaleString('en-US')}-token context window of ${model.id} (model_context_window_exceeded). ` +
      `Split the task into smaller tasks or choose a model with a larger window. ${KEPT}`,
  };
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
