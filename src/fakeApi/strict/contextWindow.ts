/**
 * The prompt must fit the model's context window. Input tokens are estimated from the request body with
 * the model's tokenizer factor; the same figure is the answer's `usage.input_tokens` and the count
 * `count_tokens` returns, so the three always agree. `max_tokens` does not count: when input plus
 * `max_tokens` passes the window the API accepts the request and may stop with
 * `model_context_window_exceeded` (https://platform.claude.com/docs/en/build-with-claude/thinking).
 * Window sizes: https://platform.claude.com/docs/en/models/opus-5-5/overview and each model's overview.
 * Message: https://platform.claude.com/docs/en/build-with-claude/context-windows
 */
import { estimateTokensOfBytes } from '../../core/model/requestShape';
import type { ModelSpec } from '../../core/model/modelSpec';
import { invalid, type RequestRejection } from './rejection';
import type { RequestView } from './requestView';

export function inputTokensOf(spec: ModelSpec, bodyBytes: number): number {
  return estimateTokensOfBytes(spec, bodyBytes);
}

export function checkContextWindow(view: RequestView): RequestRejection | null {
  const tokens = inputTokensOf(view.spec, view.bodyBytes);
  return tokens > view.spec.contextWindow ? invalid(`prompt is too long: ${tokens} tokens > ${view.spec.contextWindow} maximum`) : null;
}
