/**
 * A research run made ready: the questions checked before anything is paid for, one question split
 * by one model call (several asked as given, with no call), one read-only validate task per question
 * with ids q1..qn, and the shared context headed by the research.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelTable } from '../../../src/core/model/modelTable';
import { StructuredCallError } from '../../../src/core/planning/errors';
import { prepareResearch, type ResearchRequest } from '../../../src/core/research/prepareResearch';
import { ResearchInputError } from '../../../src/core/research/researchError';
import { MAX_QUESTION_CHARS, RESEARCH_SPLIT_MARKER } from '../../../src/core/research/researchTypes';
import { reply, type Route } from '../../fake/messagesServer';
import { messagesOf, startPlanningFake, systemText, type PlanningFake } from '../planning/planningFake';

const MODEL = 'claude-opus-5-5';
const SPLIT = {
  questions: [
    { title: 'Where sessions are stored', question: 'Where and in what shape are sessions stored?' },
    { title: 'How sessions expire', question: 'What expires a session, and when?' },
    { title: 'Who reads sessions', question: 'Which code reads a session on each request?' },
  ],
};

const splitRoute = (text: string): Route => ({
  name: 'split',
  match: (r) => systemText(r).startsWith(RESEARCH_SPLIT_MARKER),
  turns: [reply([text], { usage: { input_tokens: 2_000, output_tokens: 300 } })],
});

describe('research: prepareResearch', () => {
  let fake: PlanningFake;
  let root: string;

  beforeEach(async () => {
    fake = await startPlanningFake([splitRoute(JSON.stringify(SPLIT))]);
    root = mkdtempSync(join(tmpdir(), 'fanout-research-'));
    mkdirSync(join(root, 'src', 'session'), { recursive: true });
    writeFileSync(join(root, 'src', 'session', 'sessionStore.ts'), 'export function saveSession(id: string): void {}\n');
  });
  afterEach(async () => {
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  });

  const request = (questions: readonly string[], extra: Partial<ResearchRequest> = {}): ResearchRequest => ({
    workspaceRoot: root,
    questions,
    signal: new AbortController().signal,
    split: { client: fake.client, modelTable: new ModelTable({}), prices: { [MODEL]: { input: 5, output: 25 } }, model: MODEL },
    ...extra,
  });

  async function inputError(questions: readonly string[], extra: Partial<ResearchRequest> = {}): Promise<ResearchInputError> {
    const error = await prepareResearch(request(questions, extra)).then(
      () => assert.fail('expected a ResearchInputError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ResearchInputError, String(error));
    assert.equal(fake.messages().length, 0, 'no model call for bad input');
    return error;
  }

  it('splits one question with one call: validators q1..q3, the split paid for, the research heading the context', async () => {
    const run = await prepareResearch(request(['  How are sessions stored and expired?\n']));
    assert.equal(fake.messages().length, 1, 'one split call');
    assert.match(JSON.stringify(messagesOf(fake.messages()[0])), /sessionStore\.ts/, 'the split sees the repo map');
    assert.equal(run.kind, 'research');
    assert.equal(run.subject, 'Research: How are sessions stored and expired?');
    assert.deepEqual(run.questions, SPLIT.questions);
    assert.equal(run.preparation?.model, MODEL);
    assert.deepEqual(run.preparation?.usage, { input: 2_000, output: 300, cacheWrite: 0, cacheRead: 0 });
    assert.ok(run.preparation?.costUsd !== null && Math.abs((run.preparation?.costUsd ?? 0) - (2_000 * 5 + 300 * 25) / 1e6) < 1e-9);

    const plan = run.plan;
    assert.equal(plan.pattern, 'research');
    assert.equal(plan.route, 'complex');
    assert.equal(plan.request, run.subject);
    assert.deepEqual(
      plan.tasks.map((t) => [t.id, t.title, t.phase, t.role, t.owns, t.reads, t.dependsOn]),
      SPLIT.questions.map((q, i) => [`q${i + 1}`, q.title, 'validate', 'Research question', [], [], []]),
    );
    for (const [i, task] of plan.tasks.entries()) {
      assert.ok(task.instructions.includes(SPLIT.questions[i]?.question ?? '?'), 'its own question');
      assert.match(task.instructions, /report_finding/);
      assert.match(task.instructions, /files and lines/);
    }
    assert.ok(run.sharedContext.startsWith('# The research\n'));
    assert.match(run.sharedContext, /The question asked: How are sessions stored and expired\?/);
    assert.match(run.sharedContext, /- q2 \(How sessions expire\): What expires a session, and when\?/);
    assert.match(run.sharedContext, /sessionStore\.ts/, 'then the project context');
  });

  it('asks 2..6 questions as given, with no model call and no preparation', async () => {
    const asked = ['Where are sessions stored?', '  ', 'How does\nlogin work?', 'What logs a failed login?'];
    const run = await prepareResearch(request(asked));
    assert.equal(fake.messages().length, 0);
    assert.equal(run.preparation, undefined);
    assert.deepEqual(
      run.plan.tasks.map((t) => [t.id, t.title]),
      [
        ['q1', 'Where are sessions stored?'],
        ['q2', 'How does login work?'],
        ['q3', 'What logs a failed login?'],
      ],
    );
    assert.deepEqual(
      run.questions.map((q) => q.question),
      ['Where are sessions stored?', 'How does\nlogin work?', 'What logs a failed login?'],
    );
    assert.match(run.sharedContext, /^# The research\n\n3 question\(s\), one agent each/);
  });

  it('cuts the subject to one line of about 100 characters and long titles to about 60', async () => {
    const long = `Why ${'does the session store keep '.repeat(10)}everything?`;
    const run = await prepareResearch(request([long, 'Second?']));
    assert.ok(run.subject.startsWith('Research: Why does the session store'));
    assert.ok(run.subject.length <= 'Research: '.length + 100, run.subject);
    assert.ok(run.subject.endsWith('…'));
    assert.ok((run.plan.tasks[0]?.title.length ?? 0) <= 60);
  });

  it('refuses an empty question, or only blank ones', async () => {
    assert.match((await inputError([])).message, /^The research question is empty\./);
    assert.match((await inputError(['', '  \n\t'])).message, /^The research question is empty\./);
  });

  it('refuses more than 6 questions, naming the limit', async () => {
    const error = await inputError(Array.from({ length: 7 }, (_, i) => `Question ${i}?`));
    assert.match(error.message, /7 research questions were given; a research run asks at most 6/);
  });

  it('refuses a question over the length limit, naming it and the limit', async () => {
    assert.match(
      (await inputError(['x'.repeat(MAX_QUESTION_CHARS + 1)])).message,
      new RegExp(`is ${MAX_QUESTION_CHARS + 1} characters; at most ${MAX_QUESTION_CHARS}`),
    );
    assert.match((await inputError(['Short?', 'y'.repeat(MAX_QUESTION_CHARS + 5)])).message, /^Research question 2 is/);
  });

  it('refuses a workspace that is not a folder', async () => {
    const error = await inputError(['Where?'], { workspaceRoot: join(root, 'missing') });
    assert.match(error.message, /is not a folder/);
  });

  it('passes the split failure on in words (no plan is made)', async () => {
    await fake.close();
    fake = await startPlanningFake([splitRoute(JSON.stringify({ questions: [{ title: 'Only', question: 'Just one?' }] }))]);
    const error = await prepareResearch(request(['How are sessions stored?'])).then(
      () => assert.fail('expected the split to fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StructuredCallError, String(error));
    assert.match(error.message, /not a valid research split: questions: Too small/);
  });
});
