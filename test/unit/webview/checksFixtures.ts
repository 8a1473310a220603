/** Check-phase states for the checks view tests, built by hand so each test states exactly what it relies on. */
import type { CheckDiagnostic } from '../../../src/core/checks/checkTypes';
import type { CheckState, ChecksState } from '../../../src/core/run/runState';

export function check(id: string, overrides: Partial<CheckState> = {}): CheckState {
  return { id, command: `npm run ${id}`, source: 'manifest', status: 'pending', pass: 0, diagnostics: [], diagnosticsTotal: 0, ...overrides };
}

export function checksState(checks: readonly CheckState[], overrides: Partial<ChecksState> = {}): ChecksState {
  return {
    phase: 'checking',
    fixRounds: 2,
    order: checks.map((c) => c.id),
    byId: Object.fromEntries(checks.map((c) => [c.id, c])),
    pass: 1,
    rounds: 0,
    checkMs: 0,
    fixupMs: 0,
    firstPass: {},
    validatorRuns: 0,
    ...overrides,
  };
}

/** `n` tsc diagnostics in src/f<i>.ts, owned by `owner`. */
export function diagnostics(n: number, owner?: string): CheckDiagnostic[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `src/f${i + 1}.ts`,
    line: i + 10,
    message: `Problem ${i + 1}`,
    tool: 'tsc' as const,
    ...(owner !== undefined ? { owner } : {}),
  }));
}
