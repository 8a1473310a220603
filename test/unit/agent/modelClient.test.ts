import Anthropic from '@anthropic-ai/sdk';
import { INVALID_SPAN_CONTEXT, trace, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import * as assert from 'node:assert/strict';
import { createModelClient } from '../../../src/core/model/modelClient';
import { reply, text } from '../../fake/messagesServer';
import { useFakeMessagesApi } from './messagesApiRequests';

/** A process-wide tracer provider, as another extension in the same extension host could register. */
function recordingProvider(spans: string[]): TracerProvider {
  const tracer = {
    startSpan(name: string): Span {
      spans.push(name);
      return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    },
  } as unknown as Tracer;
  return { getTracer: () => tracer };
}

describe('model client', () => {
  const fake = useFakeMessagesApi();
  const spans: string[] = [];

  before(() => {
    assert.equal(trace.setGlobalTracerProvider(recordingProvider(spans)), true, 'the test provider must be the global one');
  });
  after(() => {
    trace.disable();
  });
  beforeEach(() => {
    spans.length = 0;
  });

  const ask = async (client: Anthropic): Promise<string> => {
    fake.server.script([{ match: 'ping', turns: [reply([text('pong')])] }]);
    const message = await client.messages.create({ model: 'claude-test-1', max_tokens: 16, messages: [{ role: 'user', content: 'ping' }] });
    const first = message.content[0];
    return first?.type === 'text' ? first.text : '';
  };

  it('talks to the endpoint it is given and starts no span on the process-wide tracer', async () => {
    const client = createModelClient({ apiKey: 'test-key', baseURL: fake.server.baseURL });
    assert.equal(await ask(client), 'pong');
    assert.equal(client.openTelemetry.traces.enabled, false);
    assert.deepEqual(spans, []);
  });

  it('(control) a client made without it would start one, so the check above can fail', async () => {
    const client = new Anthropic({ apiKey: 'test-key', baseURL: fake.server.baseURL });
    assert.equal(await ask(client), 'pong');
    assert.ok(spans.length >= 1, 'the default SDK client records a span on the global tracer provider');
  });

  it('leaves the endpoint to the SDK (and ANTHROPIC_BASE_URL) when none is given', () => {
    const saved = process.env.ANTHROPIC_BASE_URL;
    process.env.ANTHROPIC_BASE_URL = 'http://127.0.0.1:9/from-env';
    try {
      assert.equal(createModelClient({ apiKey: 'k' }).baseURL, 'http://127.0.0.1:9/from-env');
      assert.equal(createModelClient({ apiKey: 'k', baseURL: '' }).baseURL, 'http://127.0.0.1:9/from-env');
      assert.equal(createModelClient({ apiKey: 'k', baseURL: 'http://127.0.0.1:8/x' }).baseURL, 'http://127.0.0.1:8/x');
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_BASE_URL;
      else process.env.ANTHROPIC_BASE_URL = saved;
    }
  });
});
