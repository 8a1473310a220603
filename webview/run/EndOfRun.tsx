/**
 * The banner over an ended run: what it left (a report and its findings, files waiting for review)
 * and what to do next, the most useful first: "Open report" for a review or research run, "Review
 * N changes" (the Source Control view) while files wait, then "New request".
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { RunState } from '../../src/core/run/runState';
import type { WebviewToHost } from '../../src/protocol/messages';
import { plural } from '../format';
import { endOfRun } from './endOfRunModel';

export interface EndOfRunBannerProps {
  readonly run: RunState;
  readonly post: (message: WebviewToHost) => void;
}

export function EndOfRunBanner({ run, post }: EndOfRunBannerProps) {
  const { lines, report, waiting } = endOfRun(run);
  // The first button is the primary one; the rest are secondary.
  const buttons = [
    report ? { key: 'report', label: 'Open report', message: { type: 'openReport', runId: run.runId } as const } : undefined,
    waiting > 0 ? { key: 'review', label: `Review ${plural(waiting, 'change')}`, message: { type: 'openSourceControl' } as const } : undefined,
    { key: 'new', label: 'New request', message: { type: 'newRequest' } as const },
  ].filter((b) => b !== undefined);
  return (
    <section className="run-end" aria-label="The run has ended">
      {lines.flatMap((line, i) => [
        i > 0 ? ' ' : null,
        <p key={i} className="run-end-line">
          {line}
        </p>,
      ])}{' '}
      <div className="run-end-actions">
        {buttons.flatMap((b, i) => [
          i > 0 ? ' ' : null,
          <button key={b.key} type="button" className={`ui-button${i === 0 ? '' : ' secondary'}`} onClick={() => post(b.message)}>
            {b.label}
          </button>,
        ])}
      </div>
    </section>
  );
}
