/**
 * The model behind Fanout's ownership map: every path a task owns, every file an agent staged and
 * every write that was denied, arranged as a folder tree. Globs become pattern rows inside the
 * folder of their literal prefix (`src/api/**\/*.ts` sits in `src/api`). Pure, for the tests.
 */
import type { TaskSpec } from '../../src/core/plan/plan';
import type { DeniedWrite, StagedFile } from '../../src/core/run/runState';
import { definedFields } from '../../src/core/definedFields';

export type TreeNodeKind = 'folder' | 'file' | 'pattern';

export interface TreeNode {
  /** Unique in the tree: the path, or `pattern:` plus the glob. */
  readonly id: string;
  /** What the row shows: a name, a compacted folder chain (`src/api`), or a glob remainder. */
  readonly name: string;
  readonly path: string;
  readonly kind: TreeNodeKind;
  /** The task that owns the path (the author of a staged file, or the owner a denial named). */
  readonly owner?: string;
  readonly staged?: StagedFile;
  readonly denied: readonly DeniedWrite[];
  readonly children: readonly TreeNode[];
  /** Staged files at or below this node. */
  readonly stagedCount: number;
}

interface Draft {
  id: string;
  name: string;
  path: string;
  kind: TreeNodeKind;
  owner?: string;
  staged?: StagedFile;
  denied: DeniedWrite[];
  children: Map<string, Draft>;
}

const GLOB = /[*?[\]{}()!+@]/;

/** `./src//api/` -> `src/api/**`: the canonical form the tree files an `owns` entry under. */
export function normalizeEntry(entry: string): string {
  const trimmed = entry.trim();
  const segments = trimmed.split('/').filter((s) => s !== '' && s !== '.');
  if (trimmed.endsWith('/') && segments.length > 0 && segments[segments.length - 1] !== '**') segments.push('**');
  return segments.join('/');
}

export function isGlob(entry: string): boolean {
  return GLOB.test(entry);
}

function folder(path: string, name: string): Draft {
  return { id: path, name, path, kind: 'folder', denied: [], children: new Map() };
}

/** The draft for `path`, creating folders on the way; an existing leaf becomes a folder if needed. */
function nodeAt(root: Draft, segments: readonly string[], kind: 'folder' | 'file'): Draft {
  let node = root;
  segments.forEach((name, i) => {
    const path = segments.slice(0, i + 1).join('/');
    let child = node.children.get(name);
    const last = i === segments.length - 1;
    if (!child) {
      child = last && kind === 'file' ? { ...folder(path, name), kind: 'file' } : folder(path, name);
      node.children.set(name, child);
    } else if ((!last || kind === 'folder') && child.kind === 'file') {
      child.kind = 'folder';
    }
    node = child;
  });
  return node;
}

function addOwned(root: Draft, taskId: string, entry: string): void {
  const normalized = normalizeEntry(entry);
  if (normalized === '') return;
  const segments = normalized.split('/');
  const firstGlob = segments.findIndex((s) => isGlob(s));
  if (firstGlob === -1) {
    const node = nodeAt(root, segments, 'file');
    node.owner ??= taskId;
    return;
  }
  const parent = firstGlob === 0 ? root : nodeAt(root, segments.slice(0, firstGlob), 'folder');
  const rest = segments.slice(firstGlob).join('/');
  const id = `pattern:${normalized}`;
  if (!parent.children.has(id)) {
    parent.children.set(id, { id, name: rest, path: normalized, kind: 'pattern', owner: taskId, denied: [], children: new Map() });
  }
}

const KIND_ORDER: Readonly<Record<TreeNodeKind, number>> = { folder: 0, file: 1, pattern: 2 };

function finish(draft: Draft, isRoot = false): TreeNode {
  let children = [...draft.children.values()]
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name))
    .map((child) => finish(child));
  let name = draft.name;
  let node: Draft = draft;
  // Compact folder chains the way VS Code's explorer does: `src` > `api` reads `src/api`.
  while (
    !isRoot &&
    node.kind === 'folder' &&
    node.owner === undefined &&
    children.length === 1 &&
    children[0].kind === 'folder' &&
    children[0].owner === undefined
  ) {
    const only = children[0];
    name = `${name}/${only.name}`;
    children = [...only.children];
    node = { ...node, id: only.id, path: only.path };
  }
  const stagedCount = (draft.staged ? 1 : 0) + children.reduce((acc, c) => acc + c.stagedCount, 0);
  return {
    id: node.id,
    name,
    path: node.path,
    kind: draft.kind,
    denied: draft.denied,
    children,
    stagedCount,
    ...definedFields({ owner: draft.owner, staged: draft.staged }),
  };
}

/** Builds the ownership tree: owned entries of writing tasks, then staged files, then denials. */
export function buildOwnershipTree(
  tasks: readonly TaskSpec[],
  files: Readonly<Record<string, StagedFile>>,
  denied: readonly DeniedWrite[],
): readonly TreeNode[] {
  const root = folder('', '');
  for (const task of tasks) {
    for (const entry of task.owns) addOwned(root, task.id, entry);
  }
  for (const file of Object.values(files)) {
    const node = nodeAt(root, normalizeEntry(file.path).split('/'), 'file');
    node.staged = file;
    node.owner = file.taskId;
  }
  for (const d of denied) {
    const node = nodeAt(root, normalizeEntry(d.path).split('/'), 'file');
    node.denied.push(d);
    if (node.owner === undefined && d.owner !== undefined) node.owner = d.owner;
  }
  return finish(root, true).children;
}

export interface TreeRow {
  readonly node: TreeNode;
  /** 1 for top-level rows (aria-level). */
  readonly level: number;
  readonly expanded?: boolean;
  readonly posInSet: number;
  readonly setSize: number;
  readonly parentId?: string;
}

/** The rows a reader sees: depth-first, skipping the children of collapsed folders. */
export function visibleRows(roots: readonly TreeNode[], collapsed: ReadonlySet<string>): readonly TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly TreeNode[], level: number, parentId: string | undefined) => {
    nodes.forEach((node, i) => {
      const isFolder = node.kind === 'folder';
      const expanded = isFolder ? !collapsed.has(node.id) : undefined;
      rows.push({
        node,
        level,
        posInSet: i + 1,
        setSize: nodes.length,
        ...definedFields({ expanded, parentId }),
      });
      if (expanded) walk(node.children, level + 1, node.id);
    });
  };
  walk(roots, 1, undefined);
  return rows;
}
