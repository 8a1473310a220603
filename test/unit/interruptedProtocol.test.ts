import * as assert from 'node:assert/strict';
import { newRunId } from '../../src/core/run/engine';
import { parseWebviewMessage } from '../../src/protocol/messages';

describe('webview protocol: resuming and discarding an interrupted run', () => {
  it('accepts resumeRun and discardRun with a run id the engine makes', () => {
    const runId = newRunId();
    for (const type of ['resumeRun', 'discardRun'] as const) {
      assert.deepEqual(parseWebviewMessage({ type, runId }), { ok: true, message: { type, runId } });
    }
  });

  it('refuses a path, an empty id, a missing id and extra fields', () => {
    const made = newRunId();
    for (const type of ['resumeRun', 'discardRun'] as const) {
      for (const runId of ['../secrets', `../${made}`, `${made}/..`, `${made}/../x`, '..', '', 'run-../x', made.toUpperCase()]) {
        assert.equal(parseWebviewMessage({ type, runId }).ok, false, `${type} ${JSON.stringify(runId)}`);
      }
      assert.equal(parseWebviewMessage({ type }).ok, false, `${type} without a run id`);
      assert.equal(parseWebviewMessage({ type, runId: made, path: '/tmp' }).ok, false, `${type} with an extra field`);
    }
  });
});
