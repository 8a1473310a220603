/** The check phase the review tests start from: typecheck and test fail on files of `types` and `api`, lint passes; `over` changes any of it. */
import type { CheckDiagnostic } from '../../../src/core/checks/checkTypes';
import type { ChecksState } from '../../../src/core/run/runState';

const diag = (path: string, owner: string | undefined): CheckDiagnostic => ({ path, line: 1, message: 'broken', tool: 'tsc', ...(owner ? { owner } : {}) });

export function checksState(over: Partial<ChecksState> = {}): ChecksState {
  const check = (id: string, diagnostics: CheckDiagnostic[]) => ({
    id,
    command: `npm run ${id}`,
    source: 'manifest' as const,
    status: 'failed' as const,
    pass: 3,
    diagnostics,
    diagnosticsTotal: diagnostics.length,
  });
  return {
    phase: 'failing',
    fixRounds: 2,
    order: ['typecheck', 'test', 'lint'],
    byId: {
      typecheck: check('typecheck', [diag('src/types.ts', 'types'), diag('src/types.ts', 'types'), diag('src/api.ts', 'api')]),
      test: check('test', [diag('src/types.test.ts', 'types')]),
      lint: { ...check('lint', []), status: 'passed' },
    },
    pass: 3,
    rounds: 2,
    checkMs: 0,
    fixupMs: 0,
    verdict: 'failing',
    failing: ['typecheck', 'test'],
    failingOwners: ['types', 'api'],
    firstPass: {},
    validatorRuns: 0,
    ...over,
  };
}
