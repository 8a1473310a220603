/**
 * Fanout's ownership map: which task owns which path, what each agent has staged (A/M/D) and
 * which writes were refused. An ARIA tree with a roving tab stop: arrows move and fold, Home/End
 * jump, Enter/Space fold a folder or open a staged file.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { memo, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TaskSpec } from '../../src/core/plan/plan';
import type { DeniedWrite, StagedFile } from '../../src/core/run/runState';
import { plural } from '../format';
import { Swatch } from './Glyphs';
import { CHANGE_MARK } from './labels';
import { UNOWNED, type OwnerColor } from './palette';
import { buildOwnershipTree, visibleRows, type TreeNode, type TreeRow } from './ownershipTree';

export interface OwnershipMapProps {
  /** The plan's tasks, in plan order (their index picks their colour). */
  readonly tasks: readonly TaskSpec[];
  readonly files: Readonly<Record<string, StagedFile>>;
  readonly denied: readonly DeniedWrite[];
  readonly colorOf: (taskId: string) => OwnerColor;
  /** Opens the staged change of a file (the diff); rows are plain text without it. */
  readonly onOpenFile?: (path: string, taskId: string) => void;
}

const REVIEW_TEXT: Readonly<Record<StagedFile['review'], string>> = {
  pending: 'waiting for review',
  applied: 'accepted',
  discarded: 'discarded',
  conflict: 'conflict',
};

function rowTitle(node: TreeNode): string {
  if (node.kind === 'folder') return `${node.path}${node.owner ? ` — owned by ${node.owner}` : ''}`;
  if (node.kind === 'pattern') return `${node.path} — pattern owned by ${node.owner ?? 'no task'}`;
  const parts = [node.path, node.owner ? `owned by ${node.owner}` : 'owned by no task'];
  if (node.staged) parts.push(`${CHANGE_MARK[node.staged.change].label.toLowerCase()}, ${REVIEW_TEXT[node.staged.review]}`);
  else if (node.denied.length === 0) parts.push('not changed yet');
  for (const d of node.denied) parts.push(`write denied to ${d.taskId}: ${d.message}`);
  return parts.join(' — ');
}

function Marks({ node }: { readonly node: TreeNode }) {
  const staged = node.staged;
  const mark = staged ? CHANGE_MARK[staged.change] : undefined;
  return (
    <>
      {node.denied.length > 0 ? (
        <span className="tree-denied" title={node.denied.map((d) => `${d.taskId}: ${d.message}`).join('\n')}>
          ⚠
        </span>
      ) : null}
      {staged?.review === 'applied' ? (
        <span className="tree-review" title="Accepted">
          ✓
        </span>
      ) : null}
      {staged?.review === 'conflict' ? (
        <span className="tree-denied" title={staged.conflictMessage ?? 'Conflict'}>
          !
        </span>
      ) : null}
      {mark && staged ? (
        <span className={`tree-mark mark-${staged.change}`} title={`${mark.label} by ${staged.taskId}`}>
          {mark.letter}
        </span>
      ) : null}
    </>
  );
}

function OwnershipMapView({ tasks, files, denied, colorOf, onOpenFile }: OwnershipMapProps) {
  const tree = useMemo(() => buildOwnershipTree(tasks, files, denied), [tasks, files, denied]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [focusedId, setFocusedId] = useState<string | undefined>(undefined);
  const treeRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const focusIndex = Math.max(
    0,
    rows.findIndex((r) => r.node.id === focusedId),
  );

  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const moveTo = (index: number) => {
    const row = rows[Math.min(rows.length - 1, Math.max(0, index))];
    if (!row) return;
    setFocusedId(row.node.id);
    treeRef.current?.querySelector<HTMLElement>(`[data-row="${rows.indexOf(row)}"]`)?.focus();
  };
  const activate = (row: TreeRow) => {
    if (row.node.kind === 'folder') toggle(row.node.id);
    else if (row.node.staged && onOpenFile) onOpenFile(row.node.path, row.node.staged.taskId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[focusIndex];
    if (!row) return;
    const keys: Readonly<Record<string, () => void>> = {
      ArrowDown: () => moveTo(focusIndex + 1),
      ArrowUp: () => moveTo(focusIndex - 1),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      ArrowRight: () => (row.expanded === false ? toggle(row.node.id) : row.expanded ? moveTo(focusIndex + 1) : undefined),
      ArrowLeft: () =>
        row.expanded ? toggle(row.node.id) : row.parentId !== undefined ? moveTo(rows.findIndex((r) => r.node.id === row.parentId)) : undefined,
      Enter: () => activate(row),
      ' ': () => activate(row),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const owners = tasks.filter((t) => t.owns.length > 0 || Object.values(files).some((f) => f.taskId === t.id));
  const stagedBy = (taskId: string) => Object.values(files).filter((f) => f.taskId === taskId).length;

  if (rows.length === 0) return <p className="muted">No task owns any file yet.</p>;
  return (
    <div className="ownership">
      <div className="tree" role="tree" aria-label="Files by owner" ref={treeRef} onKeyDown={onKeyDown}>
        {rows.flatMap((row, i) => {
          const { node } = row;
          const owner = node.owner !== undefined ? colorOf(node.owner) : UNOWNED;
          const kindClass = `tree-row tree-${node.kind}${node.staged ? ` staged change-${node.staged.change}` : ''}${node.staged?.review === 'discarded' ? ' discarded' : ''}`;
          return [
            i > 0 ? ' ' : null,
            <div
              key={node.id}
              role="treeitem"
              className={kindClass}
              aria-level={row.level}
              aria-posinset={row.posInSet}
              aria-setsize={row.setSize}
              aria-expanded={row.expanded}
              aria-label={rowTitle(node)}
              tabIndex={i === focusIndex ? 0 : -1}
              data-row={i}
              title={rowTitle(node)}
              style={{ paddingLeft: `${(row.level - 1) * 12 + 4}px` }}
              onClick={() => {
                setFocusedId(node.id);
                activate(row);
              }}
            >
              <span className="tree-twisty" aria-hidden="true">
                {row.expanded === undefined ? '' : row.expanded ? '▾' : '▸'}
              </span>
              {node.kind === 'folder' && node.owner === undefined ? null : <Swatch owner={owner} />}
              <span className="tree-name">{node.name}</span>{' '}
              {node.kind === 'folder' && node.stagedCount > 0 ? <span className="tree-count">{node.stagedCount}</span> : null}{' '}
              {node.kind !== 'folder' && node.owner !== undefined ? <span className="tree-owner">{node.owner}</span> : null} <Marks node={node} />
            </div>,
          ];
        })}
      </div>{' '}
      <ul className="legend" aria-label="Owners">
        {owners.flatMap((t, i) => {
          const n = stagedBy(t.id);
          return [
            i > 0 ? ' ' : null,
            <li key={t.id}>
              <Swatch owner={colorOf(t.id)} />
              <span className="legend-id">{t.id}</span>{' '}
              <span className="legend-count">{n > 0 ? plural(n, 'file') : t.owns.length > 0 ? 'no changes' : ''}</span>
            </li>,
          ];
        })}
      </ul>
    </div>
  );
}

/** Memoised: the clock does not touch ownership, so a tick never re-renders the tree. */
export const OwnershipMap = memo(OwnershipMapView);
