/** The pure rules of checks in the review: each agent's verdict, the failing agents and authors, and the accept warning. */
import * as assert from 'node:assert/strict';
import { acceptWarning, agentChecks, failingAgents, failingAuthors } from '../../../src/host/checks/reviewVerdict';
import { checksState } from './hostReviewFixtures';

describe('checks in the review: the rules', () => {
  it('says failing for an owner of the failures, passing when the checks pass, nothing otherwise', () => {
    const failing = checksState({ failingOwners: ['types'] });
    assert.equal(agentChecks(failing, 'types'), 'failing');
    assert.equal(agentChecks(failing, 'docs'), undefined, 'failures that point at other agents only');
    assert.equal(agentChecks(checksState({ verdict: 'passing', failing: [], failingOwners: [] }), 'types'), 'passing');
    assert.equal(agentChecks(checksState({ failingOwners: [] }), 'docs'), 'failing', 'a failure with no owner holds against every agent');
    assert.equal(agentChecks(checksState({ verdict: undefined }), 'types'), undefined, 'no verdict yet');
    assert.equal(agentChecks(undefined, 'types'), undefined, 'a run without checks');
  });

  it('names the failing checks and the problems in the agent’s files', () => {
    const state = checksState();
    assert.deepEqual(
      failingAgents(state, [
        { taskId: 'types', title: 'Types' },
        { taskId: 'docs', title: 'Docs' },
        { taskId: 'api', title: 'API' },
      ]),
      [
        { taskId: 'types', title: 'Types', checks: ['typecheck', 'test'], problems: 3 },
        { taskId: 'api', title: 'API', checks: ['typecheck'], problems: 1 },
      ],
    );
    assert.equal(
      acceptWarning(failingAgents(state, [{ taskId: 'types', title: 'Types' }])),
      'Checks still fail for Types: typecheck, test (3 problems in its files). Accept anyway?',
    );
    const ownerless = checksState({ failingOwners: [], byId: {} });
    assert.equal(
      acceptWarning(failingAgents(ownerless, [{ taskId: 'docs', title: 'Docs' }])),
      'Checks still fail for Docs: typecheck, test. Accept anyway?',
      'with no owner, every failing check, and no problem count',
    );
    assert.equal(acceptWarning(failingAgents(checksState({ verdict: 'passing' }), [{ taskId: 'types', title: 'Types' }])), undefined);
  });

  it('looks each file’s run up, and names each failing author once', () => {
    const runs = { checksOf: (runId: string) => (runId === 'run-1' ? checksState() : undefined) };
    const files = [
      { runId: 'run-1', taskId: 'types', agentTitle: 'Types' },
      { runId: 'run-1', taskId: 'types', agentTitle: 'Types' },
      { runId: 'run-2', taskId: 'types', agentTitle: 'Types' },
      { runId: 'run-1', taskId: 'docs', agentTitle: 'Docs' },
    ];
    assert.deepEqual(
      failingAuthors(runs, files).map((a) => a.taskId),
      ['types'],
    );
  });
});
