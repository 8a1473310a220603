import * as assert from 'node:assert/strict';
import type { TaskSpec } from '../../../src/core/plan/plan';
import type { DeniedWrite, StagedFile } from '../../../src/core/run/runState';
import { buildOwnershipTree, normalizeEntry, visibleRows, type TreeNode } from '../../../webview/run/ownershipTree';

function task(id: string, owns: string[], phase: TaskSpec['phase'] = 'implement'): TaskSpec {
  return { id, title: id, role: id, phase, instructions: '', owns, reads: [], dependsOn: [] };
}

function staged(path: string, taskId: string, change: StagedFile['change']): StagedFile {
  return { path, taskId, change, baseHash: null, proposedHash: null, bytes: 1, review: 'pending', merged: false };
}

const denial: DeniedWrite = {
  seq: 9,
  taskId: 'component',
  path: 'src/components/index.ts',
  tool: 'write',
  reason: 'not-owned',
  owner: 'integration',
  message: 'you do not own src/components/index.ts; its owner is task integration',
};

const tasks = [
  task('types', ['src/types/profile.ts', 'src/types/user.ts'], 'contract'),
  task('component', ['src/components/profile/ProfilePage.tsx']),
  task('tests', ['test/profile/**', './test/helpers/']),
  task('integration', ['src/routes.ts']),
  task('review', [], 'validate'),
];
const files = {
  'src/types/profile.ts': staged('src/types/profile.ts', 'types', 'create'),
  'src/types/user.ts': staged('src/types/user.ts', 'types', 'modify'),
  'src/types/old.ts': staged('src/types/old.ts', 'types', 'delete'),
  'test/profile/a.test.ts': staged('test/profile/a.test.ts', 'tests', 'create'),
};

/** "name [kind] owner mark" lines, indented by depth: the tree as a reader sees it. */
function outline(nodes: readonly TreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.name} [${n.kind}]${n.owner ? ` ${n.owner}` : ''}${n.staged ? ` ${n.staged.change}` : ''}${n.denied.length ? ' denied' : ''}`,
    ...outline(n.children, depth + 1),
  ]);
}

describe('webview ownership tree', () => {
  it('groups owned paths, staged files, globs and denials into folders, folders first', () => {
    const tree = buildOwnershipTree(tasks, files, [denial]);
    assert.deepEqual(outline(tree), [
      'src [folder]',
      '  components [folder]',
      '    profile [folder]',
      '      ProfilePage.tsx [file] component',
      '    index.ts [file] integration denied',
      '  types [folder]',
      '    old.ts [file] types delete',
      '    profile.ts [file] types create',
      '    user.ts [file] types modify',
      '  routes.ts [file] integration',
      'test [folder]',
      '  helpers [folder]',
      '    ** [pattern] tests',
      '  profile [folder]',
      '    a.test.ts [file] tests create',
      '    ** [pattern] tests',
    ]);
  });

  it('compacts single-child folder chains the way the explorer does', () => {
    const tree = buildOwnershipTree([task('api', ['src/server/api/user.ts'])], {}, []);
    assert.deepEqual(outline(tree), ['src/server/api [folder]', '  user.ts [file] api']);
    assert.equal(tree[0].id, 'src/server/api');
  });

  it('files a glob under its literal prefix, and a leading glob at the top', () => {
    const tree = buildOwnershipTree([task('tests', ['**/*.test.ts', 'src/api/**/*.ts'])], {}, []);
    assert.deepEqual(outline(tree), ['src/api [folder]', '  **/*.ts [pattern] tests', '**/*.test.ts [pattern] tests']);
  });

  it('counts staged files per folder', () => {
    const tree = buildOwnershipTree(tasks, files, []);
    const src = tree.find((n) => n.name === 'src');
    assert.equal(src?.stagedCount, 3);
    assert.equal(tree.find((n) => n.name === 'test')?.stagedCount, 1);
  });

  it('turns an owned literal path into a folder when files appear below it', () => {
    const tree = buildOwnershipTree([task('api', ['src/api'])], { 'src/api/user.ts': staged('src/api/user.ts', 'api', 'create') }, []);
    assert.deepEqual(outline(tree), ['src [folder]', '  api [folder] api', '    user.ts [file] api create']);
  });

  it('normalises owns entries', () => {
    assert.equal(normalizeEntry('./src//api/'), 'src/api/**');
    assert.equal(normalizeEntry(' src/a.ts '), 'src/a.ts');
    assert.equal(normalizeEntry('src/**/'), 'src/**');
  });
});

describe('webview ownership tree: visible rows', () => {
  const tree = buildOwnershipTree(tasks, files, [denial]);

  it('lists rows depth-first with ARIA level, position and set size', () => {
    const rows = visibleRows(tree, new Set());
    assert.equal(rows.length, 16);
    assert.deepEqual(
      rows.slice(0, 3).map((r) => [r.node.name, r.level, r.posInSet, r.setSize, r.expanded]),
      [
        ['src', 1, 1, 2, true],
        ['components', 2, 1, 3, true],
        ['profile', 3, 1, 2, true],
      ],
    );
    assert.equal(rows[3].parentId, 'src/components/profile');
    assert.equal(rows[3].expanded, undefined);
  });

  it('hides the children of collapsed folders', () => {
    const rows = visibleRows(tree, new Set(['src/components', 'test']));
    assert.deepEqual(
      rows.map((r) => r.node.name),
      ['src', 'components', 'types', 'old.ts', 'profile.ts', 'user.ts', 'routes.ts', 'test'],
    );
    assert.equal(rows[1].expanded, false);
  });
});
