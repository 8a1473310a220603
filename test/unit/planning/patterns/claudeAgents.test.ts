/** `.claude/agents/*.md` reused whole: tools and model mapped, the body carried to the task, what cannot be honoured noted. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ModelTable } from '../../../../src/core/model/modelTable';
import { parsePlan, type Plan } from '../../../../src/core/plan/planSchema';
import { applyClaudeAgentRoles, claudeAgentFindings, withRolePrompt } from '../../../../src/core/planning/patterns/claudeAgentPlan';
import { currentModelFor, mapClaudeModel } from '../../../../src/core/planning/patterns/claudeAgentModel';
import { type ClaudeAgentRole, isClaudeAgentRole, MAX_ROLE_PROMPT_CHARS, parseClaudeAgent } from '../../../../src/core/planning/patterns/claudeAgents';
import { mapClaudeTools } from '../../../../src/core/planning/patterns/claudeAgentTools';
import { describePatternForPlanner, findPattern, loadPatterns } from '../../../../src/core/planning/patterns/loadPatterns';
import type { Pattern } from '../../../../src/core/planning/types';
import { taskBrief } from '../../../../src/core/run/agent/request';

const FIXTURE = join(__dirname, '../../../fixtures/claude-agents-basic');

async function agentsPattern(): Promise<Pattern> {
  const { patterns, problems } = await loadPatterns(FIXTURE);
  assert.deepEqual(problems, []);
  return findPattern(patterns, 'claude-agents') ?? assert.fail('no claude-agents pattern');
}

function agent(pattern: Pattern, name: string): ClaudeAgentRole {
  const role = pattern.roles.find((r) => r.role === name);
  assert.ok(role !== undefined && isClaudeAgentRole(role), `no agent role ${name}`);
  return role;
}

function plan(tasks: readonly Record<string, unknown>[]): Plan {
  const parsed = parsePlan({ id: 'p1', request: 'Add a users endpoint', pattern: 'claude-agents', tasks });
  if (!parsed.ok) assert.fail(parsed.error);
  return parsed.plan;
}

describe('claude agents: the fixture .claude/agents folder', () => {
  it('maps tools, read-only flag and model for each agent, ordered by file name', async () => {
    const pattern = await agentsPattern();
    assert.deepEqual(
      pattern.roles.filter(isClaudeAgentRole).map((r) => [r.role, r.phase, r.readOnly, r.model, r.fanoutTools, r.agentPath]),
      [
        ['api-writer', 'implement', false, 'claude-opus-5-5', ['read_file', 'write_file', 'edit_file'], '.claude/agents/api-writer.md'],
        ['generalist', 'implement', false, undefined, ['read_file', 'search_text', 'list_files', 'write_file', 'edit_file'], '.claude/agents/generalist.md'],
        ['mystery-model', 'validate', true, undefined, ['read_file'], '.claude/agents/mystery-model.md'],
        ['security-reviewer', 'validate', true, 'claude-haiku-5-5', ['read_file', 'search_text', 'list_files'], '.claude/agents/security-reviewer.md'],
      ],
    );
    assert.deepEqual(agent(pattern, 'api-writer').tools, ['Read', 'Edit', 'Write', 'Bash']);
    assert.equal('model' in agent(pattern, 'generalist'), false, 'inherit means no override');
  });

  it('keeps the body whole as the role prompt', async () => {
    const reviewer = agent(await agentsPattern(), 'security-reviewer');
    assert.equal(
      reviewer.prompt,
      'You are a security reviewer.\n\nFor every change, check:\n1. Input validation on every external boundary.\n2. Secrets never logged or committed.\n\nReport each risk with its file and line.',
    );
  });

  it('collects what cannot be honoured as notes per agent, and returns them from the loader', async () => {
    const { patterns, agentNotes } = await loadPatterns(FIXTURE);
    const pattern = findPattern(patterns, 'claude-agents') ?? assert.fail('no pattern');
    assert.deepEqual(agent(pattern, 'security-reviewer').notes, []);
    assert.deepEqual(agent(pattern, 'api-writer').notes, ['tool Bash has no Fanout equivalent; the task runs without it']);
    const generalist = agent(pattern, 'generalist').notes;
    assert.equal(generalist.length, 2);
    assert.match(generalist[0] ?? '', /^no tools line \(every Claude Code tool\): the task gets every Fanout tool, but commands/);
    assert.equal(generalist[1], 'front-matter key "permissionMode" is ignored (Fanout agents write only their own files, staged for review)');
    const mystery = agent(pattern, 'mystery-model').notes;
    assert.deepEqual(mystery.slice(0, 2), [
      'tools WebFetch, Bash have no Fanout equivalent; the task runs without them',
      'with only read tools left the agent is read-only: a validate task that owns nothing',
    ]);
    assert.match(mystery[2] ?? '', /^model "gpt-7-turbo" is not in Fanout's model table; the task uses the run's default model/);
    assert.equal(mystery[3], 'front-matter key "color" is ignored (display only)');
    assert.deepEqual(
      agentNotes.map((n) => [n.path, n.agent, n.notes.length]),
      [
        ['.claude/agents/api-writer.md', 'api-writer', 1],
        ['.claude/agents/generalist.md', 'generalist', 2],
        ['.claude/agents/mystery-model.md', 'mystery-model', 4],
      ],
    );
    assert.match(pattern.description, / Not honoured: api-writer: tool Bash has no Fanout equivalent; .*; and 4 more\.$/);
  });

  it('tells the planner each role prompt and how to carry it', async () => {
    const text = describePatternForPlanner(await agentsPattern());
    assert.match(
      text,
      /\n4\. security-reviewer \(validate phase, read-only, owns nothing, model claude-haiku-5-5\): Reviews changes .*\. Fanout tools: read_file, search_text, list_files\. Set the task's role to exactly "security-reviewer"\. Start the task's instructions with the line "Role \(from \.claude\/agents\/security-reviewer\.md\):"/,
    );
    assert.ok(text.includes('<role-prompt>\nYou are a security reviewer.\n\nFor every change, check:\n1. Input validation'));
    assert.ok(text.includes('<role-prompt>\nYou write REST API handlers.\n\nValidate every request body with zod'));
  });
});

describe('claude agents: the body reaches the task', () => {
  it('puts the role prompt at the head of the instructions and fills the model, so the agent sees it', async () => {
    const pattern = await agentsPattern();
    const before = plan([
      {
        id: 'api',
        title: 'Users API',
        phase: 'implement',
        role: 'api-writer',
        instructions: 'Create src/api/users.ts exporting listUsers().',
        owns: ['src/api/users.ts'],
      },
      {
        id: 'review',
        title: 'Security review',
        phase: 'validate',
        role: 'Security-Reviewer ',
        instructions: 'Review the users API.',
        model: 'claude-sonnet-5-5',
      },
      { id: 'docs', title: 'Docs', phase: 'implement', role: 'Docs', instructions: 'Document it.', owns: ['docs/users.md'] },
    ]);
    const after = applyClaudeAgentRoles(before, pattern);
    const [api, review, docs] = after.tasks;
    assert.equal(
      api?.instructions,
      'Role (from .claude/agents/api-writer.md):\nYou write REST API handlers.\n\nValidate every request body with zod and return RFC 7807 problem documents on errors.\n\n## Task\nCreate src/api/users.ts exporting listUsers().',
    );
    assert.equal(api?.model, currentModelFor('opus'));
    assert.ok(review?.instructions.startsWith('Role (from .claude/agents/security-reviewer.md):\nYou are a security reviewer.'));
    assert.equal(review?.model, 'claude-sonnet-5-5', "the planner's model is kept");
    assert.equal(docs, before.tasks[2], 'a task from no agent is untouched');
    const brief = taskBrief(api ?? assert.fail('no api task'), after);
    assert.ok(brief.includes('## Instructions\nRole (from .claude/agents/api-writer.md):\nYou write REST API handlers.'));
    assert.equal(applyClaudeAgentRoles(after, pattern), after, 'applying twice changes nothing');
  });

  it('does not add the prompt again when the planner already copied it (whitespace aside)', async () => {
    const reviewer = agent(await agentsPattern(), 'security-reviewer');
    const copied = `Role (from .claude/agents/security-reviewer.md):\n${reviewer.prompt.replace(/\n\n/g, '\n')}\n\nReview src/api.`;
    assert.equal(withRolePrompt(copied, reviewer), copied);
    assert.notEqual(withRolePrompt('Review src/api.', reviewer), 'Review src/api.');
  });

  it('findings: notes as info, a read-only agent planned as a writer as a warning', async () => {
    const pattern = await agentsPattern();
    const findings = claudeAgentFindings(
      plan([
        { id: 'api', title: 'Users API', phase: 'implement', role: 'api-writer', instructions: 'Write it.', owns: ['src/api/users.ts'] },
        { id: 'review', title: 'Review', phase: 'implement', role: 'security-reviewer', instructions: 'Fix risks.', owns: ['src/api/auth.ts'] },
        { id: 'explain', title: 'Explain', phase: 'validate', role: 'mystery-model', instructions: 'Explain.' },
      ]),
      pattern,
    );
    assert.deepEqual(
      findings.map((f) => [f.severity, f.code, f.tasks, f.paths]),
      [
        ['info', 'claude-agent-not-honoured', ['api'], ['.claude/agents/api-writer.md']],
        ['warning', 'claude-agent-read-only', ['review'], ['.claude/agents/security-reviewer.md']],
        ['info', 'claude-agent-not-honoured', ['explain'], ['.claude/agents/mystery-model.md']],
      ],
    );
    assert.match(findings[0]?.message ?? '', /Bash has no Fanout equivalent/);
    assert.match(findings[1]?.message ?? '', /is an implement task that owns src\/api\/auth\.ts; it should be a validate task that owns nothing/);
  });
});

describe('claude agents: tool and model mapping', () => {
  it('maps Claude Code tools onto Fanout tools, ignoring arguments and case', () => {
    assert.deepEqual(mapClaudeTools(['LS', 'multiedit', 'Bash(git diff:*)', 'Bash', 'mcp__github__search', 'TodoWrite']), {
      tools: ['list_files', 'edit_file'],
      readOnly: false,
      unsupported: ['Bash', 'mcp__github__search', 'TodoWrite'],
    });
    assert.deepEqual(mapClaudeTools(['Grep', 'NotebookEdit', 'Task', 'WebSearch']), {
      tools: ['search_text'],
      readOnly: true,
      unsupported: ['NotebookEdit', 'Task', 'WebSearch'],
    });
    assert.equal(mapClaudeTools(undefined).readOnly, false);
    assert.equal(mapClaudeTools([]).readOnly, true);
  });

  it('maps aliases to the current family member, keeps known ids and reports the rest', () => {
    assert.deepEqual(
      (['opus', 'sonnet', 'haiku'] as const).map((a) => currentModelFor(a)),
      ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5'],
    );
    assert.deepEqual(mapClaudeModel('Sonnet'), { kind: 'model', model: 'claude-sonnet-5-5' });
    assert.deepEqual(mapClaudeModel('inherit'), { kind: 'default' });
    assert.deepEqual(mapClaudeModel(undefined), { kind: 'default' });
    assert.deepEqual(mapClaudeModel('claude-haiku-4-5'), { kind: 'model', model: 'claude-haiku-4-5' });
    assert.deepEqual(mapClaudeModel('claude-sonnet-5-5-20261001'), { kind: 'model', model: 'claude-sonnet-5-5-20261001' });
    assert.equal(mapClaudeModel('claude-mystery-9').kind, 'unknown');
    const table = new ModelTable({ 'claude-mystery-9': { contextWindow: 100_000 } });
    assert.deepEqual(mapClaudeModel('claude-mystery-9', table), { kind: 'model', model: 'claude-mystery-9' });
  });

  it('bounds the role prompt and notes the cut; an empty tools list is read-only with a note', () => {
    const long = 'x'.repeat(MAX_ROLE_PROMPT_CHARS + 10);
    const { role, problems } = parseClaudeAgent('.claude/agents/long.md', `---\nname: long\ndescription: d\ntools: []\nhooks: on\n---\n${long}`);
    assert.deepEqual(problems, []);
    assert.equal(role?.prompt.length, MAX_ROLE_PROMPT_CHARS);
    assert.equal(role?.readOnly, true);
    assert.deepEqual(role?.notes, [
      'an empty tools list: Fanout agents can always read, so the task is a read-only validator',
      'front-matter key "hooks" is ignored (Fanout runs no hooks)',
      `the role prompt is ${MAX_ROLE_PROMPT_CHARS + 10} characters; only the first ${MAX_ROLE_PROMPT_CHARS} are used`,
    ]);
  });
});
