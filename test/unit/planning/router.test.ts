import * as assert from 'node:assert/strict';
import { RouteError } from '../../../src/core/planning/errors';
import { filesNamedIn } from '../../../src/core/planning/namedFiles';
import { classifyRequest, ROUTER_MARKER, userRoute, withOverride, type ClassifyOptions } from '../../../src/core/planning/router';
import { dropAfter, httpError, reply, stallAfter, streamErrorAfter, type JsonObject } from '../../fake/messagesServer';
import { answer, bodyOf, classify, messagesOf, routerRoute, startPlanningFake, systemText, type PlanningFake } from './planningFake';

/** Fields a request to the current models must never carry. */
const FORBIDDEN = ['tools', 'tool_choice', 'temperature', 'top_p', 'top_k'];

describe('router: classifyRequest', () => {
  let fake: PlanningFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const classifyWith = async (turns: Parameters<typeof routerRoute>[0], extra: Partial<ClassifyOptions> = {}) => {
    // A test may classify several times: each fake is closed before the next one starts.
    await fake?.close();
    fake = await startPlanningFake([routerRoute(turns)]);
    return classifyRequest({ client: fake.client, model: 'claude-haiku-5-5', request: '  Fix the typo in src/format.ts  ', ...extra });
  };

  const failureOf = async (turns: Parameters<typeof routerRoute>[0], extra: Partial<ClassifyOptions> = {}): Promise<RouteError> => {
    const error = await classifyWith(turns, extra).then(
      () => assert.fail('expected a RouteError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RouteError, String(error));
    return error;
  };

  for (const route of ['trivial', 'moderate', 'complex'] as const) {
    it(`returns ${route} with a one-line rationale, not overridden`, async () => {
      const decision = await classifyWith([classify(route, `Because\n  it is ${route}.`)]);
      assert.deepEqual(decision, { route, rationale: `Because it is ${route}.`, overridden: false, files: [] });
    });
  }

  it('asks Haiku 5.5 for structured output at low effort with thinking off: no tools, no tool choice, no sampling, streaming, once', async () => {
    const warnings: string[] = [];
    await classifyWith([classify('trivial', 'One named file.', ['src/format.ts'])], { onWarning: (w) => warnings.push(w) });
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 1);
    const body = bodyOf(requests[0]);
    assert.equal(body.model, 'claude-haiku-5-5');
    assert.equal(body.stream, true);
    for (const field of FORBIDDEN) assert.equal(body[field], undefined, `no ${field}`);
    assert.deepEqual(body.thinking, { type: 'disabled' });
    assert.equal(body.max_tokens, 2048);
    const config = body.output_config as JsonObject;
    assert.equal(config.effort, 'low');
    const format = config.format as {
      type: string;
      schema: { type: string; properties: Record<string, JsonObject>; required: string[]; additionalProperties: boolean };
    };
    assert.equal(format.type, 'json_schema');
    assert.equal(format.schema.type, 'object');
    assert.equal(format.schema.additionalProperties, false);
    assert.deepEqual(Object.keys(format.schema.properties).sort(), ['files', 'rationale', 'route']);
    assert.deepEqual(format.schema.properties.route?.enum, ['trivial', 'moderate', 'complex']);
    assert.equal(format.schema.properties.rationale?.minLength, undefined, 'zod checks the length after parsing');
    assert.ok(systemText(requests[0]).startsWith(ROUTER_MARKER));
    assert.match(systemText(requests[0]), /trivial: .*moderate: .*complex: /s);
    assert.doesNotMatch(systemText(requests[0]), /tool/i);
    const messages = messagesOf(requests[0]);
    assert.deepEqual(messages, [{ role: 'user', content: 'Feature request:\nFix the typo in src/format.ts' }]);
    assert.deepEqual(warnings, []);
  });

  it('the effort setting shapes the request: xhigh is sent and leaves thinking on (Haiku 5.5 turns it off only up to high)', async () => {
    await classifyWith([classify('trivial', 'x')], { effort: 'xhigh' });
    const body = bodyOf(fake?.messages()[0]);
    assert.deepEqual((body.output_config as JsonObject).effort, 'xhigh');
    assert.equal(body.thinking, undefined);
  });

  it('on Opus 5.5, which cannot turn thinking off, no thinking field is sent', async () => {
    await classifyWith([classify('moderate', 'x')], { model: 'claude-opus-5-5' });
    const body = bodyOf(fake?.messages()[0]);
    assert.equal(body.thinking, undefined);
    assert.equal((body.output_config as JsonObject).effort, 'low');
    assert.equal(((body.output_config as JsonObject).format as JsonObject).type, 'json_schema');
    for (const field of FORBIDDEN) assert.equal(body[field], undefined, `no ${field}`);
  });

  it('an unknown model gets no format, thinking or effort; its fenced JSON is still read, and its warning is reported', async () => {
    const warnings: string[] = [];
    const decision = await classifyWith(
      [reply(['Here is my classification:\n```json\n{"route": "moderate", "rationale": "One module {core}.", "files": []}\n```\nHope it helps.'])],
      { model: 'acme-model-1', onWarning: (w) => warnings.push(w) },
    );
    assert.deepEqual(decision, { route: 'moderate', rationale: 'One module {core}.', overridden: false, files: [] });
    const request = fake?.messages()[0];
    const body = bodyOf(request);
    assert.equal(body.output_config, undefined);
    assert.equal(body.thinking, undefined);
    for (const field of FORBIDDEN) assert.equal(body[field], undefined, `no ${field}`);
    assert.match(systemText(request), /Answer with one JSON object and nothing else[\s\S]*"route"/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /Fanout does not know model "acme-model-1"/);
  });

  it('normalises the files the request names and drops ones that cannot be owned', async () => {
    const decision = await classifyWith([
      classify('trivial', 'Named files.', ['./src/format.ts', 'src\\store.ts', 'src/format.ts', '/etc/passwd', '../x.ts', '.git/config', ' ']),
    ]);
    assert.deepEqual(decision.files, ['src/format.ts', 'src/store.ts']);
  });

  it('JSON of the wrong shape is a RouteError naming what is wrong, never a default route', async () => {
    const error = await failureOf([answer({ route: 'huge', rationale: '' })]);
    assert.equal(error.kind, 'invalid-answer');
    assert.match(
      error.message,
      /^Could not classify the request: The model's answer was not a valid route classification: route: Invalid option: expected one of "trivial"\|"moderate"\|"complex"; rationale: Too small/,
    );
  });

  it('an answer that is not JSON is a no-json RouteError that quotes the text', async () => {
    const error = await failureOf([reply(['I think this is simple.'])]);
    assert.equal(error.kind, 'no-json');
    assert.match(error.message, /held no JSON route classification; it answered: "I think this is simple\."\. Try again/);
  });

  it('an answer cut off at max_tokens says the thinking counts against the limit', async () => {
    const error = await failureOf([reply(['{"route": "triv'], { stopReason: 'max_tokens' })]);
    assert.equal(error.kind, 'truncated');
    assert.match(error.message, /cut off at the output limit \(2048 tokens\).*thinking counts against that limit/);
  });

  it('an answer that filled the context window is truncated too, and says so', async () => {
    const error = await failureOf([reply(['{"route"'], { stopReason: 'model_context_window_exceeded' })]);
    assert.equal(error.kind, 'truncated');
    assert.match(error.message, /filled claude-haiku-5-5's context window.*fanout\.models\.router/);
  });

  it('a refusal is a refused RouteError with the reason the API gave', async () => {
    const error = await failureOf([reply([], { stopReason: 'refusal', stopDetails: { category: 'cyber', explanation: 'Declined for safety.' } })]);
    assert.equal(error.kind, 'refused');
    assert.match(error.message, /declined to produce a route classification for this request \(Declined for safety\.\)\. Rephrase the request/);
  });

  it('an answer text over 2 MB is refused with a clear message, without parsing it', async () => {
    const huge = `{"route": "trivial", "rationale": "${'x'.repeat(2 * 1024 * 1024)}", "files": []}`;
    const error = await failureOf([reply([huge], { deltaChars: 4 * 1024 * 1024 })]);
    assert.equal(error.kind, 'invalid-answer');
    assert.match(error.message, /was 2\.0 MB of text, over the 2 MB Fanout reads/);
  });

  it('401: one request (no retry), and a message that says how to fix the key', async () => {
    await assert.rejects(classifyWith([httpError(401)]), (e: unknown) => {
      assert.ok(e instanceof RouteError);
      assert.equal(e.kind, 'auth');
      assert.equal(e.status, 401);
      assert.match(e.message, /The API key was rejected.*Fanout: Set API Key/);
      return true;
    });
    assert.equal(fake?.messages().length, 1);
  });

  it('429 again and again: waited out at the shared gate while the call has time, then the answer', async () => {
    const limited = httpError(429, { retryAfterMs: 5, message: 'slow down' });
    const decision = await classifyWith([limited, limited, limited, limited, classify('trivial', 'late')]);
    assert.equal(decision.route, 'trivial');
    assert.equal(fake?.messages().length, 5, 'a rate limit never ends planning while its time lasts');
  });

  it('429 until the call runs out of time: a rate-limit RouteError that says so', async () => {
    const limited = httpError(429, { retryAfterMs: 150, message: 'slow down' });
    await assert.rejects(
      classifyWith(
        Array.from({ length: 20 }, () => limited),
        { timeoutMs: 400 },
      ),
      (e: unknown) => {
        assert.ok(e instanceof RouteError);
        assert.equal(e.kind, 'rate-limited');
        assert.match(e.message, /rate-limiting this key \(429\) and still was when the route classification request's 0\.4 s ran out: slow down/);
        return true;
      },
    );
    const sent = fake?.messages().length ?? 0;
    assert.ok(sent >= 2 && sent <= 4, `it waited between requests (${sent} sent in 0.4 s at 150 ms apart)`);
  });

  it('529 once: the SDK retry gets the answer', async () => {
    const decision = await classifyWith([httpError(529, { retryAfterMs: 5 }), classify('moderate', 'One module.')]);
    assert.equal(decision.route, 'moderate');
    assert.equal(fake?.messages().length, 2);
  });

  it('a stalled answer is stopped by the timeout', async () => {
    fake = await startPlanningFake([routerRoute([stallAfter(2)])]);
    await assert.rejects(classifyRequest({ client: fake.client, model: 'claude-haiku-5-5', request: 'x', timeoutMs: 300 }), (e: unknown) => {
      assert.ok(e instanceof RouteError);
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /took longer than 0\.3 s and was stopped/);
      return true;
    });
  });

  it('takes its failure kind from the one classifier: a broken stream is dropped, an in-stream error keeps its kind', async () => {
    const dropped = await failureOf([dropAfter(3), dropAfter(3), dropAfter(3)]);
    assert.equal(dropped.kind, 'dropped');
    assert.match(dropped.message, /^Could not classify the request: The route classification response broke off: /);

    // An overloaded API is waited out while the call has time; this one has too little for a second try.
    const overloaded = await failureOf(
      Array.from({ length: 5 }, () => streamErrorAfter(2, { errorType: 'overloaded_error', message: 'busy' })),
      { timeoutMs: 500 },
    );
    assert.equal(overloaded.kind, 'overloaded');
    assert.match(overloaded.message, /stopped the route classification response with overloaded_error: busy\. Try again in a minute\./);

    const denied = await failureOf([httpError(403, { message: 'no haiku for you' })]);
    assert.deepEqual([denied.kind, denied.status], ['permission', 403]);
    assert.match(
      denied.message,
      /may not use model "claude-haiku-5-5" \(403\): no haiku for you\. Check the key's permissions or change fanout\.models\.router\./,
    );
  });

  it('an aborted signal cancels the call', async () => {
    fake = await startPlanningFake([routerRoute([stallAfter(1)])]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(classifyRequest({ client: fake.client, model: 'claude-haiku-5-5', request: 'x', signal: controller.signal }), (e: unknown) => {
      assert.ok(e instanceof RouteError);
      assert.equal(e.kind, 'cancelled');
      return true;
    });
  });
});

describe('router: overrides', () => {
  const decision = { route: 'complex' as const, rationale: 'Several parts.', overridden: false, files: ['src/a.ts'] };

  it('withOverride records the user choice and keeps the router view in the rationale', () => {
    const overridden = withOverride(decision, 'moderate');
    assert.equal(overridden.route, 'moderate');
    assert.equal(overridden.overridden, true);
    assert.equal(overridden.rationale, 'Chosen by the user (the router suggested complex: Several parts.)');
    assert.deepEqual(overridden.files, ['src/a.ts']);
  });

  it('choosing the route the router picked is not an override', () => {
    assert.equal(withOverride(decision, 'complex'), decision);
  });

  it('userRoute is a decision without a classification', () => {
    assert.deepEqual(userRoute('trivial'), { route: 'trivial', rationale: 'Chosen by the user.', overridden: true });
  });
});

describe('router: files named in a request', () => {
  it('finds paths, file names and folders, and skips prose, versions and URLs', () => {
    assert.deepEqual(
      filesNamedIn('In src/app.ts (and README.md), e.g. bump v1.2.3 per https://x.io/a.ts; also touch ./lib/util.js, src/components/ and Dockerfile.'),
      ['src/app.ts', 'README.md', 'lib/util.js', 'src/components/**', 'Dockerfile'],
    );
    assert.deepEqual(filesNamedIn('Make the list sort stable.'), []);
  });
});
