/**
 * Checks of the `review-4` scenario (run: npx mocha --no-config --node-option import=tsx --timeout 20000 bench/review.test.ts):
 * every reviewer turn is one second of frames at the fake, the synthesis route answers only its own
 * run, the bound counts the reviewers side by side, the targets judge, and the scenario runs through
 * the engine (frames at 1 ms) to four findings in one synthesis.
 */
import { strict as assert } from 'node:assert';
import { rm } from 'node:fs/promises';
import { startFakeMessagesApi, type FakeMessagesApi } from '../src/fakeApi/messagesServer';
import { SYNTHESIS_MARKER } from '../src/core/run/synthesis';
import { evaluateReviewTargets, runReview, sideBySideBoundMs } from './review';
import { buildReview, REVIEWER_FRAMES, REVIEWERS, reviewScriptFile, synthesisAnswer } from './reviewScenario';
import { framesOf, scriptedDurationMs, type StreamSettings } from './scripts';

const SETTINGS: StreamSettings = { eventDelayMs: 30, deltaChars: 16, pings: true };

describe('bench review-4 scenario', () => {
  let api: FakeMessagesApi | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await api?.close();
    api = undefined;
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('scripts four validate tasks, each one turn of exactly 1,000 ms: a finding and finish in the same answer', () => {
    const built = buildReview(SETTINGS);
    assert.deepEqual(
      built.plan.tasks.map((t) => [t.id, t.phase, t.owns.length]),
      REVIEWERS.map((r) => [r.role, 'validate', 0]),
    );
    for (const script of built.scripts) {
      assert.equal(script.turns.length, 1);
      const [turn] = script.turns;
      assert.ok(turn?.kind === 'message');
      assert.deepEqual(
        turn.content.map((b) => (b.type === 'tool_use' ? b.name : b.type)),
        ['report_finding', 'finish'],
      );
      assert.equal(framesOf(turn, SETTINGS, script.answer), REVIEWER_FRAMES);
      assert.equal(scriptedDurationMs(script, SETTINGS), 1000);
    }
  });

  it('bounds the run at one reviewer turn side by side and at four one after another', () => {
    const built = buildReview(SETTINGS);
    const duration = (): number => 1000;
    assert.equal(sideBySideBoundMs(built.plan, duration, 8), 1000);
    assert.equal(sideBySideBoundMs(built.plan, duration, 2), 2000);
    assert.equal(sideBySideBoundMs(built.plan, duration, 1), 4000);
  });

  it("routes a synthesis request to its own run's answer only", () => {
    const [measured, seq] = [buildReview(SETTINGS), buildReview(SETTINGS, 'seq-')];
    const regexOf = (b: typeof measured): RegExp => {
      const match = b.synthesisRoute.match;
      assert.ok(typeof match === 'object');
      return new RegExp(match.regex, match.flags);
    };
    const input = (prefix: string): string => `${SYNTHESIS_MARKER} that worked…\n# Subject\nx\n\n## Agent "${prefix}security": Security review`;
    assert.ok(regexOf(measured).test(input('')));
    assert.ok(!regexOf(measured).test(input('seq-')));
    assert.ok(regexOf(seq).test(input('seq-')));
    assert.ok(!regexOf(measured).test('## Agent "security": no marker'));
    const answer = JSON.parse(synthesisAnswer('seq-')) as { findings: { severity: string; from: string[] }[] };
    assert.deepEqual(
      answer.findings.map((f) => f.severity),
      ['error', 'error', 'warning', 'warning'],
    );
    assert.deepEqual(
      answer.findings
        .map((f) => f.from)
        .flat()
        .sort(),
      ['seq-api-contract', 'seq-performance', 'seq-security', 'seq-tests'],
    );
  });

  it('judges the wall and all four findings in one report', () => {
    const good = {
      name: 'review-4',
      wallMs: 1100,
      synthesisStatus: 'done',
      synthesisFindings: 4,
      synthesisFrom: ['api-contract', 'performance', 'security', 'tests'],
      synthesisReport: true,
    };
    assert.deepEqual(evaluateReviewTargets(good), { wallMs: 'pass', allFindingsInOneReport: 'pass' });
    assert.equal(evaluateReviewTargets({ ...good, wallMs: 2000 }).wallMs, 'FAIL');
    assert.equal(evaluateReviewTargets({ ...good, synthesisFindings: 3 }).allFindingsInOneReport, 'FAIL');
    assert.equal(evaluateReviewTargets({ ...good, synthesisStatus: 'failed' }).allFindingsInOneReport, 'FAIL');
    assert.equal(evaluateReviewTargets({ ...good, synthesisFrom: ['security', 'tests'] }).allFindingsInOneReport, 'FAIL');
  });

  it('runs through the engine: four reviewers at once, one finding each, merged into one synthesis', async () => {
    const built = buildReview(SETTINGS, 't-', 1);
    api = await startFakeMessagesApi(reviewScriptFile([built], SETTINGS));
    const run = await runReview(built, api.baseURL, 8, dirs);
    assert.equal(run.state.status, 'done');
    assert.equal(run.state.findings.length, 4);
    assert.equal(run.state.synthesis?.status, 'done');
    assert.equal(run.state.synthesis?.findings?.length, 4);
    assert.deepEqual(run.state.synthesis?.findings?.[0]?.from, ['t-security']);
    const reviewerRequests = api.requests.filter((r) => r.route !== null && r.route !== 't-synthesis');
    assert.equal(reviewerRequests.length, 4, 'one request per reviewer');
    // Side by side: every reviewer request arrived before the first one ended.
    const firstEnd = Math.min(...reviewerRequests.map((r) => r.endedAt ?? Number.POSITIVE_INFINITY));
    assert.ok(reviewerRequests.every((r) => r.receivedAt <= firstEnd));
    assert.equal(api.requests.filter((r) => r.route === 't-synthesis').length, 1);
  });
});
