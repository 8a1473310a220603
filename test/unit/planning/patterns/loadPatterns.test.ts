import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { BUILTIN_PATTERNS } from '../../../../src/core/planning/patterns/builtins';
import { describePatternForPlanner, findPattern, loadPatterns } from '../../../../src/core/planning/patterns/loadPatterns';
import type { Pattern } from '../../../../src/core/planning/types';
import { tempWorkspace } from '../../core/fixtures';

const FIXTURES = join(__dirname, '../../../fixtures/planning');

function pattern(patterns: readonly Pattern[], name: string): Pattern {
  return findPattern(patterns, name) ?? assert.fail(`no pattern ${name}; have ${patterns.map((p) => p.name).join(', ')}`);
}

describe('loadPatterns: the fixture workspace', () => {
  it('built-ins first, then the workspace files, CLAUDE.md and the subagents, with no problems', async () => {
    const { patterns, problems } = await loadPatterns(join(FIXTURES, 'workspace'));
    assert.deepEqual(problems, []);
    assert.deepEqual(
      patterns.map((p) => [p.name, p.source]),
      [
        ['feature-7', 'builtin'],
        ['domain', 'builtin'],
        ['review-roles', 'builtin'],
        ['research', 'builtin'],
        ['mobile-screen', 'workspace'],
        ['api-feature', 'workspace'],
        ['claude-md', 'claude-md'],
        ['claude-agents', 'claude-agents'],
      ],
    );
  });

  it('reads the CLAUDE.md "Parallel Feature Implementation Workflow" section, skipping other sections and code fences', async () => {
    const { patterns } = await loadPatterns(join(FIXTURES, 'workspace'));
    const claude = pattern(patterns, 'claude-md');
    assert.equal(claude.title, 'Parallel Feature Implementation Workflow');
    assert.equal(claude.path, 'CLAUDE.md');
    assert.equal(claude.description, 'When a feature touches several layers, split it across parallel subagents:');
    assert.deepEqual(
      claude.roles.map((r) => [r.role, r.phase, r.readOnly]),
      [
        ['Types', 'contract', false],
        ['Component', 'implement', false],
        ['Styles', 'implement', false],
        ['Hooks', 'implement', false],
        ['Integration', 'implement', false],
        ['QA', 'validate', true],
      ],
    );
    assert.equal(claude.roles[3]?.description, 'data fetching and state in `src/hooks/`. Keep hooks free of JSX.');
  });

  it('reads .claude/agents: read-only tools make a validator, aliases and full ids become model ids, the body is the role prompt', async () => {
    const { patterns, agentNotes } = await loadPatterns(join(FIXTURES, 'workspace'));
    const agents = pattern(patterns, 'claude-agents');
    assert.equal(agents.path, '.claude/agents');
    assert.deepEqual(agents.roles, [
      {
        role: 'code-reviewer',
        phase: 'validate',
        description: 'Expert code review specialist. Use after writing code: checks quality, security and maintainability.',
        readOnly: true,
        model: 'claude-sonnet-5-5',
        tools: ['Read', 'Grep', 'Glob'],
        agentPath: '.claude/agents/code-reviewer.md',
        prompt: 'You are a senior code reviewer. Report problems with file and line.',
        fanoutTools: ['read_file', 'search_text', 'list_files'],
        notes: [],
      },
      {
        role: 'frontend-dev',
        phase: 'implement',
        description: 'Builds React components: markup, state and accessibility.',
        readOnly: false,
        model: 'claude-sonnet-5-5',
        tools: ['Read', 'Write', 'Edit', 'Bash(npm test:*)'],
        agentPath: '.claude/agents/frontend-dev.md',
        prompt: 'You write React components.',
        fanoutTools: ['read_file', 'write_file', 'edit_file'],
        notes: ['tool Bash has no Fanout equivalent; the task runs without it'],
      },
      {
        role: 'generalist',
        phase: 'implement',
        description: 'Does anything; inherits every tool.',
        readOnly: false,
        agentPath: '.claude/agents/generalist.md',
        prompt: '',
        fanoutTools: ['read_file', 'search_text', 'list_files', 'write_file', 'edit_file'],
        notes: ['no tools line (every Claude Code tool): the task gets every Fanout tool, but commands, web access and subagents have no Fanout equivalent'],
      },
      {
        role: 'security-auditor',
        phase: 'validate',
        description: 'Audits changes for injection, auth and secret handling problems.',
        readOnly: true,
        tools: ['Read', 'Grep', 'Glob'],
        agentPath: '.claude/agents/security-auditor.md',
        prompt: 'Audit the change.',
        fanoutTools: ['read_file', 'search_text', 'list_files'],
        notes: [],
      },
    ]);
    assert.deepEqual(
      agentNotes.map((n) => n.agent),
      ['frontend-dev', 'generalist'],
    );
  });

  it('reads a .fanout/patterns file: front matter, explicit and inferred phases, flags and continuation lines', async () => {
    const { patterns } = await loadPatterns(join(FIXTURES, 'workspace'));
    const api = pattern(patterns, 'api-feature');
    assert.equal(api.title, 'API feature');
    assert.equal(api.description, 'A REST endpoint with its schema, handler, tests and a security review.');
    assert.equal(api.path, '.fanout/patterns/api-feature.md');
    assert.deepEqual(
      api.roles.map((r) => [r.role, r.phase, r.readOnly, r.model]),
      [
        ['Schema', 'contract', false, undefined],
        ['Handler', 'implement', false, undefined],
        ['Tests', 'implement', false, undefined],
        ['Security review', 'validate', true, undefined],
        ['Docs', 'implement', false, 'claude-haiku-5-5'],
      ],
    );
    assert.equal(api.roles[2]?.description, 'integration tests in `test/api/` using the shared test server.');
    const mobile = pattern(patterns, 'Mobile-Screen');
    assert.equal(mobile.title, 'Mobile screen');
    assert.deepEqual(
      mobile.roles.map((r) => [r.role, r.phase]),
      [
        ['Screen types', 'contract'],
        ['Screen', 'implement'],
      ],
    );
  });
});

describe('loadPatterns: bad files become problems', () => {
  it('every broken file is reported with what to change, and loading goes on', async () => {
    const { patterns, problems } = await loadPatterns(join(FIXTURES, 'brokenWorkspace'));
    assert.deepEqual(
      patterns.map((p) => p.name),
      ['feature-7', 'domain', 'review-roles', 'research', 'readonly-writer'],
    );
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [
        [
          '.fanout/patterns/no-roles.md',
          'front matter: line 4: "key: value" is not a "key: value" line (Fanout reads only simple keys, [a, b] lists and "- item" lists)',
        ],
        ['.fanout/patterns/no-roles.md', 'pattern skipped: no roles found; list them as numbered items, e.g. "1. **Types** (contract): the shared interfaces"'],
        ['.fanout/patterns/readonly-writer.md', 'name "Bad Name!" must be lower-case letters, digits and dashes; using "readonly-writer"'],
        [
          '.fanout/patterns/readonly-writer.md',
          'line 4: role "Researcher" is read-only but has phase implement; it is read as a validate role (a writing task must own files)',
        ],
        ['.fanout/patterns/unclosed.md', 'front matter: the front matter starting on line 1 has no closing "---" line'],
        ['.fanout/patterns/unclosed.md', 'pattern skipped: close the front matter with a "---" line, then list the roles'],
        ['CLAUDE.md', 'line 3: section "Subagent delegation" has no numbered "**Role**: what it does" items, so Fanout read no pattern from it'],
        ['.claude/agents/nameless.md', 'subagent skipped: its front matter needs name (a "---" block with "name: …" and "description: …" lines)'],
        [
          '.claude/agents/no-front-matter.md',
          'subagent skipped: its front matter needs name and description (a "---" block with "name: …" and "description: …" lines)',
        ],
        [
          '.fanout/patterns/feature-7.md',
          'pattern name "feature-7" is already used by the built-in pattern; skipped. Give it another name (front matter "name: …").',
        ],
      ],
    );
  });

  it('a missing workspace gives only the built-ins; an oversized file is a problem, a folder named like one is ignored', async () => {
    const none = await loadPatterns(join(FIXTURES, 'does-not-exist'));
    assert.deepEqual(none, { patterns: [...BUILTIN_PATTERNS], problems: [], agentNotes: [] });
    const ws = await tempWorkspace('fanout-patterns-');
    try {
      await ws.write('.fanout/patterns/big.md', `1. **Huge**: ${'x'.repeat(300 * 1024)}`);
      await ws.write('.fanout/patterns/folder.md/inner.txt', 'a folder named like a pattern file');
      await ws.write('.claude/agents/dup-a.md', '---\nname: a\ndescription: first\n---');
      const { patterns, problems } = await loadPatterns(ws.root);
      assert.deepEqual(
        problems.map((p) => p.path),
        ['.fanout/patterns/big.md'],
      );
      assert.match(problems[0]?.message ?? '', /over the 262144-byte limit for pattern files; skipped/);
      assert.deepEqual(patterns.map((p) => p.name).slice(4), ['claude-agents']);
    } finally {
      await ws.remove();
    }
  });
});

describe('built-in patterns and the planner text', () => {
  it('the four built-ins have the roles and phases the design names', () => {
    const roles = (name: string) => pattern(BUILTIN_PATTERNS, name).roles.map((r) => `${r.role}/${r.phase}${r.readOnly ? '/ro' : ''}`);
    assert.deepEqual(roles('feature-7'), [
      'Types/contract',
      'Component/implement',
      'Styles/implement',
      'Hooks/utilities/implement',
      'Tests/implement',
      'Integration/implement',
      'Config/docs/implement',
    ]);
    assert.deepEqual(roles('domain'), [
      'Schema and migrations/contract',
      'Middleware/implement',
      'Model and validation/implement',
      'API routes/implement',
      'Integration tests/implement',
      'Docs/implement',
    ]);
    assert.deepEqual(roles('review-roles'), [
      'Architecture & performance/validate/ro',
      'Security/validate/ro',
      'QA & edge cases/validate/ro',
      'Frontend/UX/validate/ro',
      'Deployment/validate/ro',
    ]);
    assert.deepEqual(roles('research'), ['Research question/implement', 'Synthesis/implement']);
    assert.ok(BUILTIN_PATTERNS.every((p) => p.source === 'builtin'));
  });

  it('findPattern matches exactly, then case-insensitively', () => {
    assert.equal(findPattern(BUILTIN_PATTERNS, 'domain')?.name, 'domain');
    assert.equal(findPattern(BUILTIN_PATTERNS, ' Review-Roles ')?.name, 'review-roles');
    assert.equal(findPattern(BUILTIN_PATTERNS, 'nope'), undefined);
  });

  it('describePatternForPlanner lists the roles with phase and access', async () => {
    const text = describePatternForPlanner(pattern(BUILTIN_PATTERNS, 'review-roles'));
    const lines = text.split('\n');
    assert.equal(lines[0], 'Pattern "review-roles": Review roles (built-in)');
    assert.equal(lines[2], 'Roles (one task per role the request needs; merge or drop roles a small request does not need; keep the phases):');
    assert.match(lines[4] ?? '', /^2\. Security \(validate phase, read-only, owns nothing\): Input handling/);
    assert.equal(lines.length, 8);
    const { patterns } = await loadPatterns(join(FIXTURES, 'workspace'));
    const agents = describePatternForPlanner(pattern(patterns, 'claude-agents'));
    assert.match(agents, /^Pattern "claude-agents": Claude Code subagents \(Claude Code subagents, \.claude\/agents\)/);
    assert.match(
      agents,
      /\n2\. frontend-dev \(implement phase, writes the files it owns, model claude-sonnet-5-5\): Builds React components: markup, state and accessibility\. Fanout tools: read_file, write_file, edit_file\. Set the task's role to exactly "frontend-dev"\. Start the task's instructions with the line "Role \(from \.claude\/agents\/frontend-dev\.md\):" and then this role prompt, copied unchanged, before the task's own instructions:\n<role-prompt>\nYou write React components\.\n<\/role-prompt>\n3\. generalist/,
    );
  });
});
