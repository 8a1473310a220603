import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LintOptions } from '../../../../src/core/planning/types';
import { codes, lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

describe('lint: owned globs that reach a symlink', () => {
  let root: string;
  let options: LintOptions;
  const put = async (rel: string, content = 'x\n') => {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fanout-symlink-lint-'));
    options = { ...lintOptions(), workspaceRoot: root };
    await put('src/b/real.ts');
    await put('src/a/index.ts');
    await put('package.json', '{}\n');
    await symlink('../b', join(root, 'src/a/link'));
    await symlink('../../package.json', join(root, 'src/a/pkg.json'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const twoTasks = () =>
    planOf([
      spec('a', 'implement', ['src/a/**']),
      spec('b', 'implement', ['src/b/**']),
      spec('integration', 'implement', ['src/index.ts'], { role: 'Integration', dependsOn: ['a', 'b'] }),
    ]);

  it('names each symlink the glob reaches, its target and the target owner', () => {
    const finding = only(lint(twoTasks(), options), 'owned-glob-reaches-symlink');
    assert.equal(finding.severity, 'warning');
    assert.equal(
      finding.message,
      'Task "a" owns src/a/**, which reaches the symlinks src/a/link (to src/b, owned by task "b"), src/a/pkg.json (to package.json, owned by no task). ' +
        'Writes through symlinks are refused, so the task cannot change what they point to through them: if it must, give it the real paths instead (or leave them to their owners).',
    );
    assert.deepEqual(finding.tasks, ['a', 'b']);
    assert.deepEqual(finding.paths, ['src/a/**', 'src/a/link', 'src/a/pkg.json']);
  });

  it('stays quiet when no owned entry reaches a symlink', () => {
    const narrow = planOf([spec('a', 'implement', ['src/a/*.ts']), spec('b', 'implement', ['src/b/**'])]);
    assert.deepEqual(withCode(lint(narrow, options), 'owned-glob-reaches-symlink'), []);
    const json = planOf([spec('a', 'implement', ['src/a/*.json']), spec('b', 'implement', ['src/b/**'])]);
    assert.deepEqual(only(lint(json, options), 'owned-glob-reaches-symlink').paths, ['src/a/*.json', 'src/a/pkg.json']);
  });

  it('reaches from the root and from a literal folder entry too, and reports links that lead out', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'fanout-symlink-out-'));
    try {
      await symlink(outside, join(root, 'src/b/out'));
      const everything = planOf([spec('all', 'implement', ['**'])]);
      const finding = only(lint(everything, options), 'owned-glob-reaches-symlink');
      assert.deepEqual(finding.paths, ['**', 'src/a/link', 'src/a/pkg.json', 'src/b/out']);
      assert.match(finding.message, /src\/b\/out \(to a place outside the workspace\)/);
      const folder = planOf([spec('a', 'implement', ['src/a'])]);
      assert.deepEqual(only(lint(folder, options), 'owned-glob-reaches-symlink').paths, ['src/a', 'src/a/link', 'src/a/pkg.json']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('is not reported for a workspace without symlinks (the good plan stays clean)', async () => {
    await rm(join(root, 'src/a/link'));
    await rm(join(root, 'src/a/pkg.json'));
    assert.ok(!codes(lint(twoTasks(), options)).includes('owned-glob-reaches-symlink'));
  });
});
