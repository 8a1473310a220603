/**
 * The Checks section of Fanout's plan review: the commands the run checks its combined result with
 * (each with where it came from), whether the workspace approved this exact list, an in-place
 * editor (one command per line, posted as `editChecks`), why no check will run when none can, notes
 * from reading the sources, and the fix-up rounds the setting allows.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useEffect, useRef, useState } from 'react';
import type { PlanReviewChecks, WebviewToHost } from '../../src/protocol/messages';
import { plural } from '../format';
import { checkCommandsProblem, checkCommandsText, checkOrigin, parseCheckCommands } from './reviewModel';

export interface ChecksSectionProps {
  readonly checks: PlanReviewChecks;
  readonly post: (message: WebviewToHost) => void;
}

type FocusTarget = 'input' | 'edit' | undefined;

function ApprovalBadge({ approved }: { readonly approved: boolean }) {
  return approved ? (
    <span className="chip review-checks-badge approved" title="This exact list was approved for this workspace before">
      approved
    </span>
  ) : (
    <span className="chip review-checks-badge needs-approval" title="Approving the plan asks you to allow these commands for this workspace first">
      needs approval
    </span>
  );
}

function CommandList({ checks }: { readonly checks: PlanReviewChecks }) {
  if (checks.list.length === 0) return <p className="review-none">No checks: the run ends without checking its result.</p>;
  return (
    <ul className="review-checks-list" aria-label="Check commands">
      {checks.list.map((spec) => (
        <li key={spec.id}>
          <code className="review-checks-command">{spec.command}</code>
          <span className="review-checks-origin">{checkOrigin(spec)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ChecksSection({ checks, post }: ChecksSectionProps) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const input = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<FocusTarget>(undefined);
  const editing = draft !== undefined;

  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = undefined;
    if (target === 'input') input.current?.focus();
    else if (target === 'edit') editButton.current?.focus();
  }, [editing]);

  const commands = draft === undefined ? [] : parseCheckCommands(draft);
  const problem = editing ? checkCommandsProblem(commands) : undefined;
  const startEdit = () => {
    focusNext.current = 'input';
    setDraft(checkCommandsText(checks.list));
  };
  const stopEdit = () => {
    focusNext.current = 'edit';
    setDraft(undefined);
  };
  const save = () => {
    if (problem !== undefined) return;
    post({ type: 'editChecks', commands: [...commands] });
    stopEdit();
  };
  const available = checks.unavailable === undefined;

  return (
    <section className="review-section review-checks" aria-labelledby="review-checks-title">
      <h2 id="review-checks-title" className="ui-section-title">
        Checks
        {available && !editing && checks.list.length > 0 ? (
          <>
            {' '}
            <span className="ui-section-count">{plural(checks.list.length, 'command')}</span> <ApprovalBadge approved={checks.approved} />
          </>
        ) : null}
      </h2>
      {available ? (
        <p className="review-checks-lead">After the agents finish, these run in a scratch copy of the workspace with every staged change applied.</p>
      ) : (
        <p className="review-checks-unavailable">{checks.unavailable}</p>
      )}

      {available && editing ? (
        <div className="review-checks-editor">
          <label className="review-key" htmlFor="review-checks-input">
            Commands, one per line
          </label>
          <textarea
            id="review-checks-input"
            ref={input}
            className="ui-textarea review-checks-input"
            value={draft}
            rows={Math.min(10, Math.max(3, commands.length + 1))}
            spellCheck={false}
            aria-describedby="review-checks-hint"
            aria-invalid={problem !== undefined}
            onChange={(e) => setDraft(e.currentTarget.value)}
          />
          <p id="review-checks-hint" className={problem ? 'blocker' : 'review-checks-hint'} role="status">
            {problem ?? 'An empty list runs no checks for this run. Changed commands need your approval before they run.'}
          </p>
          <div className="button-row">
            <button type="button" className="ui-button small" aria-disabled={problem !== undefined} onClick={save}>
              Save
            </button>
            <button type="button" className="ui-button small secondary" onClick={stopEdit}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      {available && !editing ? (
        <>
          <CommandList checks={checks} />
          <div className="review-checks-actions">
            <button type="button" ref={editButton} className="ui-button small secondary" aria-label="Edit check commands" onClick={startEdit}>
              Edit
            </button>
          </div>
        </>
      ) : null}

      {checks.notes.length > 0 ? (
        <ul className="review-checks-notes" aria-label="Notes on the checks">
          {checks.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}

      {available ? (
        <p className="review-checks-rounds">
          Fix-up rounds: {checks.fixRounds}{' '}
          <span className="review-none">
            ({checks.fixRounds === 0 ? 'checks once and reports; ' : ''}setting <code>fanout.fixRounds</code>)
          </span>
        </p>
      ) : null}
    </section>
  );
}
