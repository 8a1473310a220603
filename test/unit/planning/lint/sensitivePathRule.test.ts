import * as assert from 'node:assert/strict';
import { singleAgentPlan } from '../../../../src/core/planning/singleAgentPlan';
import { goodPlan } from '../../../fixtures/planning/goodPlan';
import { codes, lint, only, planOf, spec, withCode } from '../helpers';

const SENSITIVE_CODES = ['sensitive-path', 'sensitive-path-glob', 'sensitive-path-refused', 'git-alias'];
const sensitiveCodes = (findings: ReturnType<typeof lint>) => codes(findings).filter((c) => SENSITIVE_CODES.includes(c));

describe('lint: sensitive paths', () => {
  it('warns about a task that owns a sensitive path exactly, saying why, so plan review shows it', () => {
    const findings = lint(
      planOf([
        spec('ci', 'implement', ['.github/workflows/ci.yml', 'scripts/build.sh'], { role: 'Build' }),
        spec('editor', 'implement', ['.vscode/tasks.json'], { role: 'Tooling' }),
      ]),
    );
    const ci = withCode(findings, 'sensitive-path');
    assert.deepEqual(
      ci.map((f) => [f.severity, f.tasks, f.paths]),
      [
        ['warning', ['ci'], ['.github/workflows/ci.yml']],
        ['warning', ['editor'], ['.vscode/tasks.json']],
      ],
    );
    assert.match(ci[0]?.message ?? '', /Task ci owns \.github\/workflows\/ci\.yml, which is execution-sensitive: CI runs .* with the repository's secrets/);
    assert.match(ci[1]?.message ?? '', /"folderOpen" task runs as soon as the folder opens/);
  });

  it('warns that writes through a sensitive folder or glob will be refused', () => {
    const findings = lint(planOf([spec('hooks', 'implement', ['.husky/', '.github/workflows/*.yml', '.vscode', 'src/a.ts'], { role: 'Tooling' })]));
    const glob = withCode(findings, 'sensitive-path-glob');
    assert.deepEqual(
      glob.map((f) => f.paths[0]),
      ['.husky/', '.github/workflows/*.yml', '.vscode'],
    );
    assert.match(glob[0]?.message ?? '', /Writes through it are refused: name each file the task must change exactly/);
  });

  it('reports a .git alias as an error and an aliased sensitive name as always refused', () => {
    const findings = lint(planOf([spec('sneaky', 'implement', ['.git./hooks/pre-commit', 'VSCODE~1/tasks.json', 'src/a.ts'])]));
    assert.equal(only(findings, 'git-alias').severity, 'error');
    assert.match(only(findings, 'git-alias').message, /\.git under another name/);
    assert.equal(only(findings, 'sensitive-path-refused').paths[0], 'VSCODE~1/tasks.json');
  });

  it('leaves whole-workspace and ordinary plans alone (writes are checked when they happen)', () => {
    const moderate = singleAgentPlan({ request: 'Tidy up the project', route: 'moderate', files: [] });
    assert.deepEqual(moderate.tasks[0]?.owns, ['**']);
    assert.deepEqual(sensitiveCodes(lint(moderate)), []);
    assert.deepEqual(sensitiveCodes(lint(planOf([spec('src', 'implement', ['src/**', 'package.json'])]))), []);
    assert.deepEqual(sensitiveCodes(lint(goodPlan)), []);
  });

  it('ignores validators, which own nothing', () => {
    const findings = lint(planOf([spec('a', 'implement', ['src/a.ts']), spec('v', 'validate', ['.vscode/tasks.json'], { instructions: 'Report findings.' })]));
    assert.deepEqual(sensitiveCodes(findings), []);
  });
});
