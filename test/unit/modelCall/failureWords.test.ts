/** What callers make of a classified failure: the agent's words, and the host's auth stop from the field. */
import * as assert from 'node:assert/strict';
import { agentFailureMessage } from '../../../src/core/run/agent/failures';
import { isSharedCause } from '../../../src/core/run/limiter';
import type { RunEventBody } from '../../../src/core/run/events';
import type { ModelFailure } from '../../../src/core/model/call/failure';
import { isAuthFailure } from '../../../src/host/runs/failures';

const http = (status: number, kind: ModelFailure['kind'], retryable: boolean, extra: Partial<ModelFailure> = {}): ModelFailure => ({
  kind,
  retryable,
  origin: 'http',
  detail: 'the API said so',
  status,
  ...extra,
});

describe('model failures: callers word them, the host reads the field', () => {
  it('the host stops a run for a rejected key from agent.finished.failure, never from the message', () => {
    assert.equal(isAuthFailure({ failure: 'auth' }), true);
    assert.equal(isAuthFailure({ failure: 'permission' }), false);
    assert.equal(isAuthFailure({}), false);
    // A message that only mentions (401) is not a rejected key.
    const finished: Extract<RunEventBody, { kind: 'agent.finished' }> = {
      kind: 'agent.finished',
      taskId: 'a',
      outcome: 'failed',
      reason: 'error',
      message: 'The tests printed (401) in a log.',
    };
    assert.equal(isAuthFailure(finished), false);
  });

  it('agents keep their words for each kind', () => {
    assert.equal(
      agentFailureMessage(http(401, 'auth', false), 'm'),
      'The API key was rejected (401). Set a valid key with "Fanout: Set API Key" or ANTHROPIC_API_KEY.',
    );
    assert.equal(agentFailureMessage(http(429, 'rate-limited', true), 'm'), 'Rate limited (429): the API said so');
    assert.equal(agentFailureMessage(http(529, 'overloaded', true), 'm'), 'The API is overloaded (529): the API said so');
    assert.equal(agentFailureMessage(http(503, 'server-error', true), 'm'), 'API server error (503): the API said so');
    assert.equal(
      agentFailureMessage(http(500, 'server-error', false, { doNotRetry: true }), 'm'),
      'The API refused the request (500) and said not to retry: the API said so',
    );
    assert.match(agentFailureMessage(http(404, 'not-found', false), 'claude-x'), /^Model "claude-x" or the API endpoint was not found \(404\)/);
    const inStream: ModelFailure = { kind: 'overloaded', retryable: true, origin: 'stream', detail: 'busy', errorType: 'overloaded_error' };
    assert.equal(agentFailureMessage(inStream, 'm'), 'The API is overloaded: busy');
    assert.equal(
      agentFailureMessage({ ...inStream, kind: 'bad-request', retryable: false, errorType: 'invalid_request_error' }, 'm'),
      'The API stopped the response with invalid_request_error: busy',
    );
    assert.equal(
      agentFailureMessage({ kind: 'connection', retryable: true, origin: 'network', detail: 'ECONNREFUSED' }, 'm'),
      'Could not reach the API: ECONNREFUSED',
    );
    assert.equal(
      agentFailureMessage({ kind: 'dropped', retryable: true, origin: 'network', detail: 'terminated' }, 'm'),
      'The response stream broke off: terminated',
    );
  });

  it('only rate limits, overload and server errors pause every agent', () => {
    assert.deepEqual(
      (['rate-limited', 'overloaded', 'server-error', 'connection', 'timeout', 'stalled', 'dropped', 'bad-request'] as const).filter(isSharedCause),
      ['rate-limited', 'overloaded', 'server-error'],
    );
  });
});
