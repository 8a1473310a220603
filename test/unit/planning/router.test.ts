import * as assert from 'node:assert/strict';
import { RouteError } from '../../../src/core/planning/errors';
import { filesNamedIn } from '../../../src/core/planning/namedFiles';
import { classifyRequest, userRoute, withOverride } from '../../../src/core/planning/router';
import { httpError, reply, stallAfter, toolUse } from '../../fake/messagesServer';
import { bodyOf, classify, messagesOf, routerRoute, startPlanningFake, type PlanningFake } from './planningFake';

describe('router: classifyRequest', () => {
  let fake: PlanningFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const classifyWith = async (...turns: Parameters<typeof routerRoute>[0]) => {
    fake = await startPlanningFake([routerRoute(turns)]);
    return classifyRequest({ client: fake.client, model: 'claude-haiku-5-5', request: '  Fix the typo in src/format.ts  ' });
  };

  for (const route of ['trivial', 'moderate', 'complex'] as const) {
    it(`returns ${route} with a one-line rationale, not overridden`, async () => {
      const decision = await classifyWith(classify(route, `Because\n  it is ${route}.`));
      assert.deepEqual(decision, { route, rationale: `Because it is ${route}.`, overridden: false, files: [] });
    });
  }

  it('forces classify_request with a JSON schema, on the router model, streaming, once', async () => {
    await classifyWith(classify('trivial', 'One named file.', ['src/format.ts']));
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 1);
    const body = bodyOf(requests[0]);
    assert.equal(body.model, 'claude-haiku-5-5');
    assert.equal(body.stream, true);
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'classify_request' });
    const tools = body.tools as { name: string; input_schema: { type: string; properties: Record<string, unknown>; required?: string[] } }[];
    assert.deepEqual(tools.map((t) => t.name), ['classify_request']);
    assert.equal(tools[0]?.input_schema.type, 'object');
    assert.deepEqual(Object.keys(tools[0]?.input_schema.properties ?? {}).sort(), ['files', 'rationale', 'route']);
    assert.deepEqual((tools[0]?.input_schema.properties.route as { enum: string[] }).enum, ['trivial', 'moderate', 'complex']);
    assert.match(String(body.system), /trivial: .*moderate: .*complex: /s);
    assert.equal(messagesOf(requests[0])[0]?.content, 'Feature request:\nFix the typo in src/format.ts');
  });

  it('normalises the files the request names and drops ones that cannot be owned', async () => {
    const decision = await classifyWith(classify('trivial', 'Named files.', ['./src/format.ts', 'src\\store.ts', 'src/format.ts', '/etc/passwd', '../x.ts', '.git/config', ' ']));
    assert.deepEqual(decision.files, ['src/format.ts', 'src/store.ts']);
  });

  it('a garbled classification is a RouteError naming what is wrong, never a default route', async () => {
    const error = await classifyWith(reply([toolUse('classify_request', { route: 'huge', rationale: '' })])).then(
      () => assert.fail('expected a RouteError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RouteError);
    assert.equal(error.kind, 'invalid-answer');
    assert.match(error.message, /^Could not classify the request: The model's answer was not a valid route classification: route: Invalid option: expected one of "trivial"\|"moderate"\|"complex"; rationale: Too small/);
  });

  it('an answer without the tool call is a RouteError that quotes the text', async () => {
    await assert.rejects(classifyWith(reply(['I think this is simple.'])), (e: unknown) => {
      assert.ok(e instanceof RouteError);
      assert.equal(e.kind, 'no-tool-call');
      assert.match(e.message, /did not call classify_request.*"I think this is simple\."/);
      return true;
    });
  });

  it('401: one request (no retry), and a message that says how to fix the key', async () => {
    await assert.rejects(classifyWith(httpError(401)), (e: unknown) => {
      assert.ok(e instanceof RouteError);
      assert.equal(e.kind, 'auth');
      assert.equal(e.status, 401);
      assert.match(e.message, /The API key was rejected.*Fanout: Set API Key/);
      return true;
    });
    assert.equal(fake?.messages().length, 1);
  });

  it('429 on every attempt: the SDK retries twice, then a rate-limit RouteError after 3 requests', async () => {
    const limited = httpError(429, { retryAfterMs: 5, message: 'slow down' });
    await assert.rejects(classifyWith(limited, limited, limited, classify('trivial', 'late')), (e: unknown) => {
      assert.ok(e instanceof RouteError);
      assert.equal(e.kind, 'rate-limited');
      assert.match(e.message, /rate-limiting this key \(429\) and still was after 2 retries: slow down/);
      return true;
    });
    assert.equal(fake?.messages().length, 3);
  });

  it('529 once: the SDK retry gets the answer', async () => {
    const decision = await classifyWith(httpError(529, { retryAfterMs: 5 }), classify('moderate', 'One module.'));
    assert.equal(decision.route, 'moderate');
    assert.equal(fake?.messages().length, 2);
  });

  it('a stalled answer is stopped by the timeout', async () => {
    fake = await startPlanningFake([routerRoute([stallAfter(2)])]);
    await assert.rejects(classifyRequest({ client: fake.client, model: 'm', request: 'x', timeoutMs: 300 }), (e: unknown) => {
      assert.ok(e instanceof RouteError);
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /took longer than 0\.3 s and was stopped/);
      return true;
    });
  });

  it('an aborted signal cancels the call', async () => {
    fake = await startPlanningFake([routerRoute([stallAfter(1)])]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(classifyRequest({ client: fake.client, model: 'm', request: 'x', signal: controller.signal }), (e: unknown) => {
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
