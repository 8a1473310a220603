/** Agent states for the run-view tests, built by hand so each test states exactly what it relies on. */
import { newAgentState, type AgentState } from '../../../src/core/run/runState';

export const T0 = 1_750_000_000_000;

export function agent(overrides: Partial<AgentState> = {}): AgentState {
  const task = { id: 'types', title: 'Profile types', role: 'Types', phase: 'contract', instructions: '', owns: [], reads: [], dependsOn: [] } as const;
  return { ...newAgentState(task), queuedAt: T0, ...overrides };
}
