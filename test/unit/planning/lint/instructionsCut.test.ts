import * as assert from 'node:assert/strict';
import { lintOptionsFrom } from '../../../../src/core/run/runSettings';
import { instructionsCutFindings } from '../../../../src/core/planning/lint/contextRule';
import type { LintOptions } from '../../../../src/core/planning/types';
import { tempWorkspace, type TempWorkspace } from '../../core/fixtures';
import { FIXTURE_TEXT } from '../instructionFixture';
import { testSettings } from '../../flow/flowHarness';
import { lint, lintOptions, only, planOf, spec } from '../helpers';

describe('lint: a cut project instructions file, with and without a selection of its sections', () => {
  let ws: TempWorkspace;
  let options: LintOptions;
  const plan = planOf([spec('api', 'implement', ['src/api.ts'])]);
  beforeEach(async () => {
    ws = await tempWorkspace('fanout-lint-sections-');
    await ws.write('CLAUDE.md', FIXTURE_TEXT);
    options = { ...lintOptions(), workspaceRoot: ws.root };
  });
  afterEach(() => ws.remove());

  it('without a selection: a warning that agents get only the start of the file', () => {
    const finding = only(lint(plan, options), 'context-instructions-cut');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.paths, ['CLAUDE.md']);
    assert.match(finding.message, /^CLAUDE\.md is 35,096 bytes, but agents get only its first 7,\d{3} bytes/);
  });

  it('with a selection: a note saying what the selection keeps instead, and how much it leaves out', () => {
    const picked: LintOptions = { ...options, instructionSections: { 'CLAUDE.md': ['project-notes/testing', 'project-notes/parallel-feature-workflow'] } };
    const finding = only(lint(plan, picked), 'context-instructions-cut');
    assert.equal(finding.severity, 'info');
    assert.deepEqual(finding.paths, ['CLAUDE.md']);
    assert.match(
      finding.message,
      /^CLAUDE\.md is 35,096 bytes; by default agents would get only its first 7,\d{3} bytes, but your selection gives them 2 of its 11 sections instead \(5,855 bytes\): "Testing", "Parallel feature workflow"\. Left out: 9 sections; agents are told to read CLAUDE\.md for them\.$/,
    );
  });

  it('names the chosen sections past the limit, and an empty selection', () => {
    const all = instructionsCutFindings(ws.root, {
      'CLAUDE.md': [
        '~preamble',
        'project-notes',
        'project-notes/setup',
        'project-notes/setup/install',
        'project-notes/style',
        'project-notes/testing',
        'project-notes/deploy',
        'project-notes/deploy/staging',
        'project-notes/testing~2',
        'project-notes/parallel-feature-workflow',
        'appendix',
      ],
    });
    assert.match(
      all[0]?.message ?? '',
      /gives them 10 of its 11 sections instead .* Chosen but past the 32,000-byte limit for chosen sections, so left out: "Appendix"\.$/,
    );
    const none = instructionsCutFindings(ws.root, { 'CLAUDE.md': [] });
    assert.match(none[0]?.message ?? '', /but your selection gives them none of its sections\. Left out: 11 sections;/);
    assert.equal(none[0]?.severity, 'info');
  });

  it('a selection for another file leaves the finding as it was', () => {
    const finding = only(lint(plan, { ...options, instructionSections: { 'AGENTS.md': ['x'] } }), 'context-instructions-cut');
    assert.equal(finding.severity, 'warning');
  });

  it('lint options carry the selection when one is given, and only then', () => {
    assert.equal('instructionSections' in lintOptionsFrom(testSettings(), ws.root), false);
    assert.deepEqual(lintOptionsFrom(testSettings(), ws.root, { 'CLAUDE.md': ['appendix'] }).instructionSections, { 'CLAUDE.md': ['appendix'] });
  });
});
