/**
 * The host's checks decisions without VS Code: the approval store (a sha256 of the JSON list, per
 * workspace, never the commands), the run options (`checks` or `checksSkipped` and why), the list a
 * resumed run takes from its log, and the plan review's checks (detected, edited).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { CheckSpec } from '../../../src/core/checks/checkTypes';
import { EventStamper, type RunEventBody } from '../../../src/core/run/events';
import { initialRunState, reduceRunEvents, type RunState } from '../../../src/core/run/runState';
import { APPROVED_CHECKS_KEY, checksHash, MAX_APPROVED_LISTS, MemoryMemento, WorkspaceCheckApproval } from '../../../src/host/checks/checkApproval';
import { DEFAULT_CHECK_SETTINGS, type CheckSettings } from '../../../src/host/checks/checkSettings';
import {
  NONE_FOUND_MESSAGE,
  NOT_APPROVED_MESSAGE,
  plannedChecksOf,
  resumeChecksOptions,
  runChecksOptions,
  UNTRUSTED_MESSAGE,
} from '../../../src/host/checks/checksDecision';
import { detectedReviewChecks, editedReviewChecks, type FoundChecks, type ReviewChecksContext } from '../../../src/host/checks/planReviewChecks';
import { implement, makePlan } from '../engine/harness';

const spec = (id: string, command: string, source: CheckSpec['source'] = 'manifest'): CheckSpec => ({
  id,
  command,
  source,
  origin: `package.json script "${id}"`,
});
const TYPECHECK = spec('typecheck', 'npm run typecheck');
const TEST = spec('test', 'npm test');
const SETTINGS: CheckSettings = { ...DEFAULT_CHECK_SETTINGS, fixRounds: 3, timeoutMs: 90_000, concurrency: 2 };

function runWith(...bodies: RunEventBody[]): RunState {
  const stamper = new EventStamper('run-1', () => 1);
  const started: RunEventBody = { kind: 'run.started', plan: makePlan([implement('a')]), workspaceName: 'ws', maxConcurrency: 1, demo: false };
  return reduceRunEvents(
    [started, ...bodies].map((b) => stamper.stamp(b)),
    initialRunState('run-1'),
  );
}

describe('checks in the host: approval', () => {
  it('stores the sha256 of the JSON list of commands, in order, and never the commands', async () => {
    const memento = new MemoryMemento();
    const approval = new WorkspaceCheckApproval(memento);
    const commands = ['npm run typecheck', 'npm test'];
    assert.equal(approval.isApproved(commands), false);
    await approval.approve(commands);
    const expected = createHash('sha256').update('["npm run typecheck","npm test"]').digest('hex');
    assert.equal(checksHash(commands), expected);
    assert.deepEqual(memento.get(APPROVED_CHECKS_KEY), [expected]);
    assert.doesNotMatch(JSON.stringify(memento.get(APPROVED_CHECKS_KEY)), /npm/);
    assert.equal(approval.isApproved(commands), true);
    assert.equal(approval.isApproved(['npm test', 'npm run typecheck']), false, 'another order is another list');
    assert.equal(approval.isApproved(['npm run typecheck']), false, 'a shorter list is another list');
    assert.equal(approval.isApproved(['npm run typecheck', 'npm test', 'rm -rf /']), false, 'a longer list is another list');
    assert.equal(approval.isApproved([]), false, 'an empty list is never "approved"');
  });

  it('keeps the newest approved lists only, and reads anything else under its key as nothing approved', async () => {
    const memento = new MemoryMemento();
    const approval = new WorkspaceCheckApproval(memento);
    for (let i = 0; i <= MAX_APPROVED_LISTS; i++) await approval.approve([`check ${i}`]);
    assert.equal((memento.get(APPROVED_CHECKS_KEY) as unknown[]).length, MAX_APPROVED_LISTS);
    assert.equal(approval.isApproved(['check 0']), false, 'the oldest was forgotten');
    assert.equal(approval.isApproved([`check ${MAX_APPROVED_LISTS}`]), true);
    await approval.approve(['check 1']);
    assert.equal((memento.get(APPROVED_CHECKS_KEY) as string[])[0], checksHash(['check 1']), 'approving again moves it first, once');

    await memento.update(APPROVED_CHECKS_KEY, ['npm test', 42, checksHash(['npm test']).toUpperCase()]);
    assert.equal(approval.isApproved(['npm test']), false);
    await memento.update(APPROVED_CHECKS_KEY, 'not a list');
    assert.equal(approval.isApproved(['npm test']), false);
  });
});

describe('checks in the host: run options', () => {
  it('gives the approved list with the settings when trusted, enabled and approved', () => {
    assert.deepEqual(runChecksOptions({ trusted: true, settings: SETTINGS, list: [TYPECHECK, TEST], approved: true }), {
      checks: { checks: [TYPECHECK, TEST], fixRounds: 3, timeoutMs: 90_000, maxOutputBytes: 4 * 1024 * 1024, concurrency: 2 },
    });
  });

  it('refuses in an untrusted workspace: untrusted, and no command passed, whatever else holds', () => {
    const options = runChecksOptions({ trusted: false, settings: SETTINGS, list: [TYPECHECK], approved: true });
    assert.deepEqual(options, { checksSkipped: { reason: 'untrusted', message: UNTRUSTED_MESSAGE } });
    assert.equal(options.checks, undefined);
    assert.doesNotMatch(JSON.stringify(options), /npm/);
    assert.equal(
      resumeChecksOptions({ trusted: false, settings: SETTINGS, run: runWith({ kind: 'checks.planned', checks: [TEST], fixRounds: 2 }), approved: true })
        .checksSkipped?.reason,
      'untrusted',
    );
  });

  it('says disabled, none (found or emptied) and not-approved, in that order', () => {
    const off = { ...SETTINGS, enabled: false };
    assert.equal(runChecksOptions({ trusted: true, settings: off, list: [TEST], approved: true }).checksSkipped?.reason, 'disabled');
    assert.deepEqual(runChecksOptions({ trusted: true, settings: SETTINGS, list: [], approved: true }).checksSkipped, {
      reason: 'none',
      message: NONE_FOUND_MESSAGE,
    });
    assert.match(runChecksOptions({ trusted: true, settings: SETTINGS, list: [], approved: false, emptied: true }).checksSkipped?.message ?? '', /emptied/);
    assert.deepEqual(runChecksOptions({ trusted: true, settings: SETTINGS, list: [TEST], approved: false }).checksSkipped, {
      reason: 'not-approved',
      message: NOT_APPROVED_MESSAGE,
    });
  });

  it('takes a resumed run’s list from its log; a run that had none keeps why', () => {
    const planned = runWith({ kind: 'checks.planned', checks: [TYPECHECK, TEST], fixRounds: 2 });
    assert.deepEqual(plannedChecksOf(planned).list, [TYPECHECK, TEST]);
    assert.deepEqual(resumeChecksOptions({ trusted: true, settings: SETTINGS, run: planned, approved: true }).checks?.checks, [TYPECHECK, TEST]);
    assert.equal(resumeChecksOptions({ trusted: true, settings: SETTINGS, run: planned, approved: false }).checksSkipped?.reason, 'not-approved');

    const skipped = runWith({ kind: 'checks.skipped', reason: 'none', message: 'No checks found: add fanout.checks or .fanout/checks.json.' });
    assert.deepEqual(plannedChecksOf(skipped), { list: [], skipped: { reason: 'none', message: NONE_FOUND_MESSAGE } });
    assert.deepEqual(resumeChecksOptions({ trusted: true, settings: SETTINGS, run: skipped, approved: false }).checksSkipped, {
      reason: 'none',
      message: NONE_FOUND_MESSAGE,
    });
    assert.equal(
      resumeChecksOptions({ trusted: true, settings: { ...SETTINGS, enabled: false }, run: skipped, approved: false }).checksSkipped?.reason,
      'disabled',
    );
    assert.equal(
      resumeChecksOptions({ trusted: true, settings: SETTINGS, run: runWith(), approved: true }).checksSkipped?.reason,
      'none',
      'a run from before checks',
    );
  });
});

describe('checks in the host: the plan review', () => {
  const found: FoundChecks = { checks: [TYPECHECK, TEST], source: 'manifest', notes: ['a note'] };
  const approved = new Set<string>();
  const ctx = (over: Partial<ReviewChecksContext> = {}): ReviewChecksContext => ({
    trusted: true,
    settings: SETTINGS,
    isApproved: (commands) => approved.has(JSON.stringify(commands)),
    ...over,
  });
  beforeEach(() => approved.clear());

  it('shows the detected list with its source, fix-up rounds, approval and notes', () => {
    assert.deepEqual(detectedReviewChecks(found, ctx()), { list: [TYPECHECK, TEST], source: 'manifest', fixRounds: 3, approved: false, notes: ['a note'] });
    approved.add(JSON.stringify(['npm run typecheck', 'npm test']));
    assert.equal(detectedReviewChecks(found, ctx()).approved, true);
  });

  it('says why none will run: untrusted, turned off, none found', () => {
    assert.equal(detectedReviewChecks(found, ctx({ trusted: false })).unavailable, 'Restricted Mode: checks run only in a trusted workspace.');
    assert.match(detectedReviewChecks(found, ctx({ settings: { ...SETTINGS, enabled: false } })).unavailable ?? '', /turned off/);
    const none = detectedReviewChecks({ checks: [], source: undefined, notes: [] }, ctx());
    assert.equal(none.unavailable, 'No checks found: add fanout.checks or .fanout/checks.json.');
    assert.equal(none.source, undefined);
    assert.equal(none.approved, false);
  });

  it('marks an edited list (no source), keeps detected ids and origins, deduplicates, and goes back to the source when unchanged', () => {
    const edited = editedReviewChecks(found, [' npm test ', 'npm run lint', 'npm test', ''], ctx());
    assert.equal(edited.source, undefined);
    assert.deepEqual(edited.list, [
      { ...TEST, source: 'manifest' },
      { id: 'lint', command: 'npm run lint', source: 'manifest', origin: 'edited in the plan review' },
    ]);
    assert.deepEqual(editedReviewChecks(found, ['npm run typecheck', 'npm test', 'npm test'], ctx()), detectedReviewChecks(found, ctx()));
    assert.equal(editedReviewChecks(found, [], ctx()).unavailable, 'No checks for this run: the list was emptied in the plan review.');
    assert.equal(
      editedReviewChecks(
        found,
        Array.from({ length: 30 }, (_, i) => `make t${i}`),
        ctx(),
      ).list.length,
      20,
    );
  });
});
