import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { BUILTIN_PATTERNS } from '../../../../src/core/planning/patterns/builtins';
import { findPattern, loadPatterns, patternSummary } from '../../../../src/core/planning/patterns/loadPatterns';
import { MAX_WHEN_TO_PICK_CHARS, parseWorkspacePattern } from '../../../../src/core/planning/patterns/workspacePatterns';
import type { Pattern } from '../../../../src/core/planning/types';
import type { PatternChoice } from '../../../../src/protocol/messages';

const FIXTURES = join(__dirname, '../../../fixtures/planning');
const ROLES = '# API\n1. **Schema** (contract): the types\n2. **Handler**: the handler\n';

function named(patterns: readonly Pattern[], name: string): Pattern {
  return findPattern(patterns, name) ?? assert.fail(`no pattern ${name}`);
}

describe('patterns: when to pick each one', () => {
  it('every built-in says when to pick it, in its own words', () => {
    const when = Object.fromEntries(BUILTIN_PATTERNS.map((p) => [p.name, p.whenToPick]));
    assert.match(when['feature-7'] ?? '', /^Pick it for a user-facing feature that touches UI, state, tests and docs/);
    assert.match(when.domain ?? '', /^Pick it for a backend feature with a schema or an API/);
    assert.match(
      when['review-roles'] ?? '',
      /^Pick it to review a change .* "Fanout: Distribute Review" does this directly for the working tree or a branch\.$/,
    );
    assert.match(when.research ?? '', /^Pick it for questions about the codebase .* "Fanout: Distribute Research" answers without writing notes files\.$/);
    assert.equal(new Set(Object.values(when)).size, BUILTIN_PATTERNS.length);
  });

  it('a workspace pattern takes "when" or "whenToPick" from its front matter, else a sentence naming its file', () => {
    const when = parseWorkspacePattern('.fanout/patterns/api.md', `---\nwhen: An endpoint end to end\n---\n${ROLES}`);
    assert.equal(when.pattern?.whenToPick, 'An endpoint end to end');
    const explicit = parseWorkspacePattern('.fanout/patterns/api.md', `---\nwhenToPick: "For REST work"\n---\n${ROLES}`);
    assert.equal(explicit.pattern?.whenToPick, 'For REST work');
    const none = parseWorkspacePattern('.fanout/patterns/api.md', ROLES);
    assert.equal(none.pattern?.whenToPick, "Your workspace's own pattern (.fanout/patterns/api.md): pick it for work shaped like its roles.");
    assert.deepEqual(none.problems, []);
  });

  it('an over-long "when" is cut, with a problem saying so', () => {
    const parsed = parseWorkspacePattern('.fanout/patterns/api.md', `---\nwhen: ${'x'.repeat(MAX_WHEN_TO_PICK_CHARS + 50)}\n---\n${ROLES}`);
    assert.equal(parsed.pattern?.whenToPick.length, MAX_WHEN_TO_PICK_CHARS);
    assert.match(parsed.problems.map((p) => p.message).join('\n'), /"when" is 450 characters; only the first 400 are shown/);
  });

  it('the CLAUDE.md workflow and the subagents say they are the project’s own', async () => {
    const { patterns } = await loadPatterns(join(FIXTURES, 'workspace'));
    const claude = named(patterns, 'claude-md');
    assert.equal(claude.whenToPick, `Your project's own workflow (CLAUDE.md, "${claude.title}"): pick it for work that follows it.`);
    assert.match(named(patterns, 'claude-agents').whenToPick, /^Your project's own Claude Code subagents \(\.claude\/agents\): pick it/);
  });

  it('what the picker gets of each pattern carries when to pick it, and no roles or paths', async () => {
    const { patterns } = await loadPatterns(join(FIXTURES, 'workspace'));
    const choices: readonly PatternChoice[] = patterns.map(patternSummary);
    assert.deepEqual(
      choices.map((c) => Object.keys(c).sort()),
      patterns.map(() => ['description', 'name', 'source', 'title', 'whenToPick']),
    );
    assert.deepEqual(
      choices.map((c) => c.whenToPick),
      patterns.map((p) => p.whenToPick),
    );
    for (const c of choices) assert.ok(c.whenToPick.trim().length > 20, c.name);
  });
});
