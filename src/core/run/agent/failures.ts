/**
 * How an agent words a failed model request. The kind comes from the one classifier
 * (`modelCall/failure.ts`); this file only says it in the agent's terms, naming the settings and
 * commands that fix it.
 */
import type { ModelFailure } from '../../model/call/failure';

/** The message for a failed request of an agent's turn on `model`. */
export function agentFailureMessage(failure: ModelFailure, model: string): string {
  switch (failure.origin) {
    case 'http':
      return httpMessage(failure, failure.status ?? 0, model);
    case 'stream':
      return streamEventMessage(failure);
    default:
      switch (failure.kind) {
        case 'connection':
          return `Could not reach the API: ${failure.detail}`;
        case 'dropped':
          return `The response stream broke off: ${failure.detail}`;
        default:
          return failure.detail;
      }
  }
}

/** An `event: error` frame inside a 200 stream. */
function streamEventMessage(failure: ModelFailure): string {
  if (!failure.retryable) return `The API stopped the response with ${failure.errorType ?? 'an error'}: ${failure.detail}`;
  switch (failure.kind) {
    case 'overloaded':
      return `The API is overloaded: ${failure.detail}`;
    case 'rate-limited':
      return `Rate limited: ${failure.detail}`;
    default:
      return `API error: ${failure.detail}`;
  }
}

function httpMessage(failure: ModelFailure, status: number, model: string): string {
  const message = failure.detail;
  if (failure.doNotRetry === true) return `The API refused the request (${status}) and said not to retry: ${message}`;
  if (failure.retryable) {
    switch (failure.kind) {
      case 'rate-limited':
        return `Rate limited (${status}): ${message}`;
      case 'overloaded':
        return `The API is overloaded (${status}): ${message}`;
      case 'server-error':
        return `API server error (${status}): ${message}`;
      default:
        return `The request failed (${status}): ${message}`;
    }
  }
  switch (status) {
    case 401:
      return 'The API key was rejected (401). Set a valid key with "Fanout: Set API Key" or ANTHROPIC_API_KEY.';
    case 403:
      return `The API key may not use this model or feature (403): ${message}. Check the key's workspace permissions or choose another model in the fanout.models.* settings.`;
    case 404:
      return `Model "${model}" or the API endpoint was not found (404): ${message}. Check the fanout.models.* settings and fanout.apiBaseUrl.`;
    case 413:
      return `The request was too large for the API (413): ${message}. Narrow the task or its context.`;
    case 400:
      return `The API rejected the request (400): ${message}`;
    default:
      return `The API rejected the request (${status}): ${message}`;
  }
}
