/** Agent states for the run-view tests, built by hand so each test states exactly what it relies on. */
import type { AgentState } from '../../../src/core/runState';
import { ZERO_USAGE } from '../../../src/core/usage';

export const T0 = 1_750_000_000_000;

export function agent(overrides: Partial<AgentState> = {}): AgentState {
  return {
    taskId: 'types',
    title: 'Profile types',
    role: 'Types',
    phase: 'contract',
    dependsOn: [],
    status: 'queued',
    attempt: 0,
    activeMs: 0,
    textTail: '',
    usage: ZERO_USAGE,
    costUsd: 0,
    costKnown: true,
    cacheSavingsUsd: 0,
    turns: 0,
    toolCalls: 0,
    retries: 0,
    deniedWrites: 0,
    queuedAt: T0,
    ...overrides,
  };
}
