/**
 * Carries `.claude/agents` roles into a plan made with the `claude-agents` pattern.
 *
 * The plan's tasks are written by the planner model, which cannot be relied on to copy a long role
 * prompt byte for byte, so the prompt is put in after planning: a task whose `role` names an agent
 * gets `Role (from .claude/agents/<file>):` and the agent's prompt at the head of its instructions
 * (unless its instructions already hold that prompt), and the agent's model when the planner set
 * none. `claudeAgentFindings` turns what Fanout cannot honour into plan-lint-style findings.
 */
import type { Plan, PlanFinding, TaskSpec } from '../../plan/plan';
import type { Pattern } from '../types';
import { type ClaudeAgentRole, isClaudeAgentRole, rolePromptHeading } from './claudeAgents';
import { definedFields } from '../../definedFields';

/** The agent role a task was planned from: its `role` is the agent's name (case and spacing aside). */
export function agentRoleFor(task: TaskSpec, pattern: Pattern): ClaudeAgentRole | undefined {
  const wanted = task.role.trim().toLowerCase();
  return pattern.roles.filter(isClaudeAgentRole).find((r) => r.role.trim().toLowerCase() === wanted);
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The task's instructions with the agent's role prompt at their head (unchanged when already there or empty). */
export function withRolePrompt(instructions: string, agent: ClaudeAgentRole): string {
  if (agent.prompt === '' || squash(instructions).includes(squash(agent.prompt))) return instructions;
  return `${rolePromptHeading(agent.agentPath)}\n${agent.prompt}\n\n## Task\n${instructions}`;
}

/** The plan with every agent task's role prompt and model filled in; the same plan when nothing changes. */
export function applyClaudeAgentRoles(plan: Plan, pattern: Pattern): Plan {
  let changed = false;
  const tasks = plan.tasks.map((task) => {
    const agent = agentRoleFor(task, pattern);
    if (agent === undefined) return task;
    const instructions = withRolePrompt(task.instructions, agent);
    const model = task.model ?? agent.model;
    if (instructions === task.instructions && model === task.model) return task;
    changed = true;
    return { ...task, instructions, ...definedFields({ model }) };
  });
  return changed ? { ...plan, tasks } : plan;
}

/**
 * Findings for the plan review: an info finding per agent task whose agent has notes, and a
 * warning when a read-only agent's task is not a validator that owns nothing.
 */
export function claudeAgentFindings(plan: Plan, pattern: Pattern): PlanFinding[] {
  const findings: PlanFinding[] = [];
  for (const task of plan.tasks) {
    const agent = agentRoleFor(task, pattern);
    if (agent === undefined) continue;
    if (agent.notes.length > 0) {
      findings.push({
        severity: 'info',
        code: 'claude-agent-not-honoured',
        message: `Task "${task.id}" comes from ${agent.agentPath}; Fanout cannot honour all of it: ${agent.notes.join('; ')}.`,
        tasks: [task.id],
        paths: [agent.agentPath],
      });
    }
    if (agent.readOnly && (task.phase !== 'validate' || task.owns.length > 0)) {
      findings.push({
        severity: 'warning',
        code: 'claude-agent-read-only',
        message: `Task "${task.id}" comes from the read-only agent in ${agent.agentPath} (tools ${agent.fanoutTools.join(', ') || 'none'}), but it is ${task.phase === 'implement' ? 'an' : 'a'} ${task.phase} task${task.owns.length > 0 ? ` that owns ${task.owns.join(', ')}` : ''}; it should be a validate task that owns nothing.`,
        tasks: [task.id],
        paths: [agent.agentPath],
      });
    }
  }
  return findings;
}
