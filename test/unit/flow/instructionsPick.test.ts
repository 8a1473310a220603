import * as assert from 'node:assert/strict';
import { repoMapPart, sharedContextText } from '../../../src/core/planning/contextShare';
import { readProjectInstructions } from '../../../src/core/planning/instructions';
import { buildRepoMap } from '../../../src/core/planning/repoMap';
import type { PlanFinding } from '../../../src/core/plan/plan';
import { NO_CHECKS_FOUND } from '../../../src/host/checks/planReviewChecks';
import type { ProposalUnderReview } from '../../../src/host/flow/flowState';
import { instructionPicksOf, withInstructionChoices, withInstructionSections } from '../../../src/host/flow/instructionsPick';
import { tempWorkspace, type TempWorkspace } from '../core/fixtures';
import { FIXTURE_TEXT } from '../planning/instructionFixture';
import { proposalFor, testSettings } from './flowHarness';

const REQUEST = 'Add a profile page';
const AGENTS = `# Agents\n${'- keep going, one small step at a time, and run the tests.\n'.repeat(100)}## Release\nMARK-RELEASE\n${'- tag it.\n'.repeat(400)}`;
const AGENT_NOTE: PlanFinding = { severity: 'info', code: 'claude-agent-not-honoured', message: 'Task "a" comes from an agent.', tasks: ['a'], paths: [] };

describe('plan review: choosing what of a cut instruction file goes in', () => {
  let ws: TempWorkspace;
  let pending: ProposalUnderReview;

  beforeEach(async () => {
    ws = await tempWorkspace('fanout-pick-');
    await ws.write('CLAUDE.md', FIXTURE_TEXT);
    await ws.write('AGENTS.md', AGENTS);
    await ws.write('src/profile.ts', 'export function profile(): string {\n  return "";\n}\n');
    const [instructions, repoMap] = await Promise.all([readProjectInstructions(ws.root), buildRepoMap(ws.root, { request: REQUEST })]);
    const base = proposalFor(ws.root, undefined, { findings: [AGENT_NOTE] });
    const proposal = { ...base, sharedContext: sharedContextText(instructions, repoMap) };
    const checks = { list: [], fixRounds: 0, approved: true, notes: [] };
    pending = await withInstructionChoices(
      { request: REQUEST, pattern: undefined, proposal, settings: testSettings(), checks, detected: NO_CHECKS_FOUND },
      ws.root,
    );
  });
  afterEach(() => ws.remove());

  it('lists the cut files for the review once planning answered, nothing chosen yet', () => {
    const files = pending.proposal.instructions ?? [];
    assert.deepEqual(
      files.map((f) => [f.path, f.picked]),
      [
        ['CLAUDE.md', false],
        ['AGENTS.md', false],
      ],
    );
    assert.equal(instructionPicksOf(files), undefined);
    assert.match(pending.proposal.sharedContext, /MARK-INSTALL/);
    assert.doesNotMatch(pending.proposal.sharedContext, /MARK-WORKFLOW/);
  });

  it('puts the chosen sections into the shared context, and not the others; the repo map part is kept byte for byte', async () => {
    const before = pending.proposal.sharedContext;
    const next = await withInstructionSections(pending, ws.root, [{ path: 'CLAUDE.md', sections: ['project-notes/parallel-feature-workflow'] }]);
    const context = next.proposal.sharedContext;
    assert.match(context, /^## Project instructions\n## CLAUDE\.md\n## Parallel feature workflow\n\nMARK-WORKFLOW\n/);
    for (const marker of ['MARK-INSTALL', 'MARK-SETUP', 'MARK-PREAMBLE', 'MARK-APPENDIX']) assert.ok(!context.includes(marker), marker);
    assert.match(context, /left out: text before the first heading, "Project notes"/);
    // AGENTS.md was not chosen from: its default cut stays.
    assert.match(context, /\n## AGENTS\.md\n# Agents\n[^]*… \(AGENTS\.md is longer; cut at 8000 bytes\)\n\n## Repository map/);
    const map = repoMapPart(before);
    assert.match(map, /^## Repository map\n\d+ files/);
    assert.equal(repoMapPart(context), map);
    assert.ok(context.endsWith(map));
  });

  it('re-lints (the finding says what the selection keeps), keeps planning’s own findings, and lists the choice', async () => {
    const next = await withInstructionSections(pending, ws.root, [{ path: 'CLAUDE.md', sections: ['project-notes/testing', 'appendix'] }]);
    const cut = next.proposal.findings.filter((f) => f.code === 'context-instructions-cut');
    assert.deepEqual(
      cut.map((f) => [f.paths[0], f.severity]),
      [
        ['CLAUDE.md', 'info'],
        ['AGENTS.md', 'warning'],
      ],
    );
    assert.match(cut[0]?.message ?? '', /your selection gives them 2 of its 11 sections instead .*: "Testing", "Appendix"\./);
    assert.ok(next.proposal.findings.includes(AGENT_NOTE));
    assert.deepEqual(next.proposal.plan.lint, next.proposal.findings);
    const claude = next.proposal.instructions?.find((f) => f.path === 'CLAUDE.md');
    assert.equal(claude?.picked, true);
    assert.deepEqual(
      claude?.sections.filter((s) => s.selected).map((s) => s.id),
      ['project-notes/testing', 'appendix'],
    );
    assert.deepEqual(instructionPicksOf(next.proposal.instructions), { 'CLAUDE.md': ['project-notes/testing', 'appendix'] });
  });

  it('estimates again with the new prefix: a larger selection costs more tokens', async () => {
    const small = await withInstructionSections(pending, ws.root, [{ path: 'CLAUDE.md', sections: ['project-notes/deploy'] }]);
    const large = await withInstructionSections(pending, ws.root, [{ path: 'CLAUDE.md', sections: ['appendix', 'project-notes/style'] }]);
    assert.ok(
      large.proposal.estimate.highTokens > small.proposal.estimate.highTokens,
      `${large.proposal.estimate.highTokens} > ${small.proposal.estimate.highTokens}`,
    );
  });

  it('a later choice for one file keeps the other file’s choice; unlisted files and unknown ids are ignored', async () => {
    const first = await withInstructionSections(pending, ws.root, [{ path: 'AGENTS.md', sections: ['agents/release'] }]);
    const second = await withInstructionSections(first, ws.root, [
      { path: 'CLAUDE.md', sections: ['project-notes/deploy', 'no-such-section'] },
      { path: '.github/copilot-instructions.md', sections: ['anything'] },
    ]);
    assert.deepEqual(instructionPicksOf(second.proposal.instructions), { 'CLAUDE.md': ['project-notes/deploy'], 'AGENTS.md': ['agents/release'] });
    assert.match(second.proposal.sharedContext, /MARK-RELEASE/);
    assert.match(second.proposal.sharedContext, /MARK-DEPLOY/);
    assert.doesNotMatch(second.proposal.sharedContext, /copilot-instructions/);
  });

  it('stops with the signal’s reason when it is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('left the review'));
    await assert.rejects(withInstructionSections(pending, ws.root, [{ path: 'CLAUDE.md', sections: [] }], controller.signal), /left the review/);
  });
});
