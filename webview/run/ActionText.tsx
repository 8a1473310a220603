/**
 * An agent's action and a refused write as the run view shows them: the verb, then the path cut in
 * its middle so the file name stays whole ("edit src/…/profile/ProfileForm.tsx"), the whole path in
 * the tooltip.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { cutPathMiddle } from '../format';
import { actionParts, type Refusal } from './agentActivity';

/** A path cut in its middle to `max` characters; the whole path in its tooltip. */
export function PathText({ path, max }: { readonly path: string; readonly max: number }) {
  const shown = cutPathMiddle(path, max);
  return (
    <span className="path-text" title={shown === path ? undefined : path}>
      {shown}
    </span>
  );
}

/** "edit src/…/ProfileForm.tsx"; an action without a path as it is. */
export function ActionText({ doing, maxPath }: { readonly doing: string; readonly maxPath: number }) {
  const parts = actionParts(doing);
  if (parts.path === undefined) return <>{doing}</>;
  return (
    <>
      {parts.verb} <PathText path={parts.path} max={maxPath} />
    </>
  );
}

/** "Refused: edit src/todo.ts (owned by Store)", and how many writes were refused when more than one. */
export function RefusalText({ refusal, maxPath }: { readonly refusal: Refusal; readonly maxPath: number }) {
  return (
    <>
      <span className="refused-label">Refused:</span> {refusal.verb} <PathText path={refusal.path} max={maxPath} /> ({refusal.why})
      {refusal.count > 1 ? <span className="refused-count"> · {refusal.count} refused writes</span> : null}
    </>
  );
}
