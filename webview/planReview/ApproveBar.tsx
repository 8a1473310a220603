/** The foot of Fanout's plan review: the cost estimate, the over-budget confirmation, Approve and Back. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useState } from 'react';
import type { PlanReview, WebviewToHost } from '../../src/protocol/messages';
import { approveBlocker, costText, tokenText } from './reviewModel';

export interface ApproveBarProps {
  readonly review: PlanReview;
  readonly post: (message: WebviewToHost) => void;
}

export function ApproveBar({ review, post }: ApproveBarProps) {
  const [confirmed, setConfirmed] = useState(false);
  const { estimate, needsApproval } = review;
  const blocker = approveBlocker(review, confirmed);
  const unknown = estimate.lowUsd === null || estimate.highUsd === null;
  const approve = () => {
    if (blocker === undefined) post({ type: 'approvePlan', confirmedOverBudget: needsApproval && confirmed });
  };
  return (
    <section className="review-footer" aria-labelledby="review-estimate-title">
      <h2 id="review-estimate-title" className="visually-hidden">
        Estimate and approval
      </h2>
      <p className="review-estimate">
        <span className="review-key">Estimate</span>
        <strong className={unknown ? 'estimate-unknown' : ''}>{costText(estimate)}</strong>
      </p>
      <p className="review-estimate-basis" title={estimate.basis}>
        {tokenText(estimate)} · {estimate.basis}
      </p>
      {needsApproval ? (
        <label className="ui-checkbox">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
          <svg className="ui-checkbox-mark" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M3.5 8.5l3 3l6-7" />
          </svg>
          <span>Run even though the estimate is {unknown ? 'unknown' : 'above the budget'}</span>
        </label>
      ) : null}
      <div className="button-row">
        <button type="button" className="ui-button primary" aria-disabled={blocker !== undefined} aria-describedby="review-approve-reason" onClick={approve}>
          Approve and run
        </button>
        <button type="button" className="ui-button secondary" onClick={() => post({ type: 'backToCompose' })}>
          Back
        </button>
      </div>
      <p id="review-approve-reason" className="blocker" role="status">
        {blocker ?? ''}
      </p>
    </section>
  );
}
