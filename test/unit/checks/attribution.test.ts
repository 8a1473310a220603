import * as assert from 'node:assert/strict';
import { attributeDiagnostics, fixupTargets } from '../../../src/core/checks/attribution';
import type { CheckDiagnostic } from '../../../src/core/checks/checkTypes';
import { plan, task } from '../core/fixtures';

const diagnostic = (path: string, extra: Partial<CheckDiagnostic> = {}): CheckDiagnostic => ({ path, line: 1, message: 'broken', tool: 'tsc', ...extra });

describe('checks: attribution', () => {
  const thePlan = plan(
    task('types', 'contract', ['src/types.ts']),
    task('api', 'implement', ['src/api/**'], ['types']),
    task('ui', 'implement', ['src/ui/', 'app/[id]/page.tsx'], ['types']),
    task('review', 'validate', ['src/**', 'test/**'], ['api', 'ui']),
  );

  it('gives each diagnostic the writing task that owns its path', () => {
    const attributed = attributeDiagnostics(
      [diagnostic('src/types.ts'), diagnostic('src/api/user.ts', { line: 4 }), diagnostic('src/ui/Button.tsx'), diagnostic('app/[id]/page.tsx')],
      thePlan,
    );
    assert.deepEqual(
      attributed.map((d) => [d.path, d.owner]),
      [
        ['src/types.ts', 'types'],
        ['src/api/user.ts', 'api'],
        ['src/ui/Button.tsx', 'ui'],
        ['app/[id]/page.tsx', 'ui'],
      ],
    );
    assert.equal(attributed[1].line, 4);
  });

  it('leaves unowned paths, and paths only a validator lists, without an owner (dropping a stale one)', () => {
    const attributed = attributeDiagnostics([diagnostic('README.md'), diagnostic('test/sum.test.ts', { owner: 'api' }), diagnostic('src/other.ts')], thePlan);
    for (const d of attributed) assert.equal('owner' in d, false, d.path);
  });

  it('does not change its input', () => {
    const input = [diagnostic('src/api/user.ts')];
    attributeDiagnostics(input, thePlan);
    assert.equal(input[0].owner, undefined);
  });

  it('sends a failing check to the owners of its diagnostics, once each, in order', () => {
    const attributed = attributeDiagnostics(
      [diagnostic('src/ui/a.tsx'), diagnostic('README.md'), diagnostic('src/api/a.ts'), diagnostic('src/ui/b.tsx')],
      thePlan,
    );
    assert.deepEqual(fixupTargets(attributed, new Set(['types', 'api', 'ui'])), { tasks: ['ui', 'api'], attributed: true });
  });

  it('sends it to every task that staged a file when no diagnostic is owned', () => {
    const attributed = attributeDiagnostics([diagnostic('README.md'), diagnostic('test/sum.test.ts')], thePlan);
    assert.deepEqual(fixupTargets(attributed, new Set(['types', 'api'])), { tasks: ['types', 'api'], attributed: false });
    assert.deepEqual(fixupTargets([], new Set(['ui'])), { tasks: ['ui'], attributed: false });
    assert.deepEqual(fixupTargets([], new Set()), { tasks: [], attributed: false });
  });
});
