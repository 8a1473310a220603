/**
 * Fanout's plan review: the route, the findings, the project instruction files the agents get only
 * part of (with a chooser of their sections), every task by phase (editable), the check commands
 * (editable), the estimate and Approve. Each edit goes to the host, which re-lints the plan
 * and sends the new review back.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useCallback } from 'react';
import { isWritingTask } from '../../src/core/plan/plan';
import type { PlanEditMessage } from '../../src/protocol/messages';
import { plural } from '../format';
import { PHASE_LABEL } from '../run/labels';
import { useStageFocus } from '../useStageFocus';
import { ApproveBar } from './ApproveBar';
import { ChecksSection } from './ChecksSection';
import { InstructionsSection } from './InstructionsSection';
import { ReviewFindings } from './ReviewFindings';
import { tasksByPhase, type PlanReviewProps } from './reviewModel';
import { RouteSection } from './RouteSection';
import { TaskCard } from './TaskCard';

export function PlanReview({ review, post }: PlanReviewProps) {
  const heading = useStageFocus<HTMLHeadingElement>();
  const { plan, estimate } = review;
  const onEdit = useCallback(
    (edit: PlanEditMessage) => {
      // Remove and merge take the focused control away with the task: keep focus on the stage.
      if (edit.kind === 'removeTask' || edit.kind === 'mergeTasks') heading.current?.focus();
      post({ type: 'editPlan', edits: [edit] });
    },
    [post, heading],
  );
  const writers = plan.tasks.filter(isWritingTask).length;
  return (
    <main className="stage review" aria-labelledby="review-title">
      <h1 id="review-title" className="stage-title" ref={heading} tabIndex={-1}>
        Review the plan
      </h1>
      <p className="review-summary">
        {plural(plan.tasks.length, 'task')} · {plural(writers, 'writer')}
        {plan.pattern ? ` · pattern ${plan.pattern}` : ''}
      </p>
      <section className="request-quote" aria-label="Request">
        <p>{plan.request}</p>
      </section>

      <RouteSection
        key={review.route.route}
        decision={review.route}
        onChange={(route) => post({ type: 'submitRequest', request: plan.request, route, ...(plan.pattern ? { pattern: plan.pattern } : {}) })}
      />
      <ReviewFindings findings={review.findings} onFix={(index) => post({ type: 'applyFix', index })} />
      <InstructionsSection files={review.instructions ?? []} post={post} />

      {tasksByPhase(plan.tasks).map(({ phase, tasks }) => (
        <section key={phase} className="review-section" aria-labelledby={`review-phase-${phase}`}>
          <h2 id={`review-phase-${phase}`} className="ui-section-title">
            {PHASE_LABEL[phase]} <span className="ui-section-count">{plural(tasks.length, 'task')}</span>
          </h2>
          <ul className="review-tasks">
            {tasks.map((task) => (
              <TaskCard key={task.id} task={task} tasks={plan.tasks} models={review.models} onEdit={onEdit} />
            ))}
          </ul>
        </section>
      ))}

      <ChecksSection checks={review.checks} post={post} />

      <ApproveBar key={`${estimate.lowUsd}:${estimate.highUsd}:${review.needsApproval}`} review={review} post={post} />
    </main>
  );
}
