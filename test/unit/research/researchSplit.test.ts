/**
 * The research split against the fake Messages API: one structured call turns a question into 2 to 6
 * sub-questions; every malformed answer (no JSON, too few or too many questions, strings over their
 * limits, blanks, repeats) ends in a StructuredCallError whose words say what was wrong and what to do.
 */
import * as assert from 'node:assert/strict';
import { ModelTable } from '../../../src/core/model/modelTable';
import { StructuredCallError } from '../../../src/core/planning/errors';
import { SPLIT_CONTEXT_CHARS, splitResearch, type ResearchSplitCall } from '../../../src/core/research/researchSplit';
import { MAX_QUESTION_CHARS, RESEARCH_SPLIT_MARKER } from '../../../src/core/research/researchTypes';
import { reply, stallAfter, type JsonObject, type JsonValue, type Route, type TurnSource } from '../../fake/messagesServer';
import { bodyOf, messagesOf, startPlanningFake, systemText, type PlanningFake } from '../planning/planningFake';

const MODEL = 'claude-opus-5-5';
const PRICES = { [MODEL]: { input: 5, output: 25 } };

function splitRoute(turns: readonly TurnSource[]): Route {
  return { name: 'split', match: (r) => systemText(r).startsWith(RESEARCH_SPLIT_MARKER), turns };
}

const answer = (value: JsonValue, usage = { input_tokens: 1_000, output_tokens: 200 }) => reply([JSON.stringify(value)], { usage });

const questions = (n: number, make: (i: number) => JsonObject = (i) => ({ title: `Part ${i}`, question: `What does part ${i} of the session store do?` })) =>
  Array.from({ length: n }, (_, i) => make(i + 1));

describe('research: splitResearch', () => {
  let fake: PlanningFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function split(turns: readonly TurnSource[], extra: Partial<ResearchSplitCall> = {}) {
    await fake?.close();
    fake = await startPlanningFake([splitRoute(turns)]);
    return splitResearch({
      client: fake.client,
      modelTable: new ModelTable({}),
      prices: PRICES,
      model: MODEL,
      question: 'How are sessions stored and expired?',
      projectContext: '## Repository map\nsrc/session/store.ts (1200)\nsrc/session/expiry.ts (800)',
      signal: new AbortController().signal,
      ...extra,
    });
  }

  async function failure(turns: readonly TurnSource[]): Promise<StructuredCallError> {
    const error = await split(turns).then(
      () => assert.fail('expected the split to fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StructuredCallError, String(error));
    return error;
  }

  it('parses the answer: titles on one line, questions trimmed, with the model, usage and cost', async () => {
    const result = await split([
      answer({
        questions: [
          { title: 'Where  sessions\nare stored', question: '  Where are sessions stored (src/session/store.ts)?  ' },
          { title: 'Expiry', question: 'When and how do sessions expire?' },
        ],
      }),
    ]);
    assert.deepEqual(result.questions, [
      { title: 'Where sessions are stored', question: 'Where are sessions stored (src/session/store.ts)?' },
      { title: 'Expiry', question: 'When and how do sessions expire?' },
    ]);
    assert.equal(result.model, MODEL);
    assert.equal(result.usage.input, 1_000);
    assert.equal(result.usage.output, 200);
    assert.ok(result.costUsd !== null && Math.abs(result.costUsd - (1_000 * 5 + 200 * 25) / 1e6) < 1e-9, String(result.costUsd));
  });

  it('sends one bounded structured request: the marker first, the question and the repo map in the user turn', async () => {
    await split([answer({ questions: questions(2) })]);
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 1);
    const body = bodyOf(requests[0]);
    assert.ok(systemText(requests[0]).startsWith(RESEARCH_SPLIT_MARKER));
    assert.equal(body.model, MODEL);
    assert.equal(body.tools, undefined, 'no tools');
    assert.ok(typeof body.max_tokens === 'number' && body.max_tokens <= 16_000, String(body.max_tokens));
    const user = JSON.stringify(messagesOf(requests[0]));
    assert.match(user, /How are sessions stored and expired\?/);
    assert.match(user, /src\/session\/store\.ts/);
  });

  it('cuts a large project context to its bound and says so', async () => {
    const huge = `## Repository map\n${'src/a/b/c.ts (10)\n'.repeat(10_000)}TAIL_MARK`;
    await split([answer({ questions: questions(2) })], { projectContext: huge });
    const content = messagesOf(fake?.messages()[0])[0]?.content;
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    assert.ok(text.length < SPLIT_CONTEXT_CHARS + MAX_QUESTION_CHARS + 500, `${text.length} characters sent`);
    assert.doesNotMatch(text, /TAIL_MARK/);
    assert.match(text, /cut at 24000 characters/);
  });

  it('an answer with no JSON says so, quoting it', async () => {
    const error = await failure([reply(['Sure! Here are some questions: 1. where 2. how'])]);
    assert.equal(error.kind, 'no-json');
    assert.match(error.message, /held no JSON research split/);
    assert.match(error.message, /Sure! Here are some questions/);
  });

  const invalid: readonly [string, JsonValue, RegExp][] = [
    ['one question', { questions: questions(1) }, /questions: Too small/],
    ['seven questions', { questions: questions(7) }, /questions: Too big/],
    ['forty questions', { questions: questions(40) }, /questions: Too big/],
    ['no questions key', { answer: 'sessions live in redis' }, /questions/],
    ['a title over 120 characters', { questions: questions(2, (i) => ({ title: 'T'.repeat(121 + i), question: `Q${i}?` })) }, /questions\.0\.title: Too big/],
    [
      'a question over the limit',
      { questions: questions(2, (i) => ({ title: `T${i}`, question: 'x'.repeat(MAX_QUESTION_CHARS + i) })) },
      /questions\.0\.question: Too big/,
    ],
    ['a blank question', { questions: questions(2, (i) => ({ title: `T${i}`, question: i === 2 ? '   ' : 'Where?' })) }, /questions\.1\.question is blank/],
    [
      'a repeated question',
      { questions: questions(2, (i) => ({ title: `T${i}`, question: 'Where are  sessions stored?' })) },
      /questions\.1 repeats questions\.0/,
    ],
  ];
  for (const [what, value, pattern] of invalid) {
    it(`refuses ${what}, saying what was wrong and what to do`, async () => {
      const error = await failure([answer(value)]);
      assert.equal(error.kind, 'invalid-answer');
      assert.match(error.message, /^The model's answer was not a valid research split: /);
      assert.match(error.message, pattern);
      assert.match(error.message, /Try again, or ask the sub-questions yourself: 2 to 6 questions run as given/);
      assert.ok(error.message.length < 2_000, 'the message stays short');
    });
  }

  it('stops when the signal is aborted mid-call instead of waiting for a stalled answer', async () => {
    const controller = new AbortController();
    const stall: TurnSource = () => {
      controller.abort();
      return stallAfter(1);
    };
    const error = await split([stall], { signal: controller.signal }).then(
      () => assert.fail('expected the split to fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StructuredCallError, String(error));
    assert.equal(error.kind, 'cancelled');
    assert.match(error.message, /research split request was cancelled/);
  });
});
