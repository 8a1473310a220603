/** Fanout's run history: past runs of the workspace, newest first (with how their checks ended), each one click from reopening. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useState } from 'react';
import type { RunSummary, WebviewToHost } from '../../src/protocol/messages';
import { formatDuration, formatSpeedup, plural } from '../format';
import { formatUsdOrNa } from '../money';
import { StatusIcon } from '../run/Glyphs';
import { InterruptedActions } from '../run/InterruptedActions';
import { RUN_STATUS_ICON, RUN_STATUS_LABEL } from '../run/labels';
import { checksLabel, relativeTime, type HistoryProps } from './historyModel';
import { Velocity } from './Velocity';

const SHOWN = 8;

function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The row's status: a run written by another window or a CLI process is running, but not here. */
function statusLabel(run: RunSummary): string {
  return run.status === 'running' && run.elsewhere === true ? 'Running elsewhere' : RUN_STATUS_LABEL[run.status];
}

interface HistoryRowProps {
  readonly run: RunSummary;
  readonly now: number;
  readonly onOpen: (runId: string) => void;
  readonly post: (message: WebviewToHost) => void;
}

function HistoryRow({ run, now, onOpen, post }: HistoryRowProps) {
  const when = relativeTime(run.startedAt, now);
  const cost = formatUsdOrNa(run.costUsd);
  const status = statusLabel(run);
  const checks = checksLabel(run);
  const label = [
    truncate(run.request, 120),
    `${status}${checks ? `, ${checks}` : ''}, ${when}`,
    `wall ${formatDuration(run.wallMs)}`,
    `speedup ${formatSpeedup(run.speedup)}`,
    `cost ${cost}`,
    run.pendingReview > 0 ? `${plural(run.pendingReview, 'file')} to review` : '',
    run.demo ? 'demo' : '',
  ]
    .filter(Boolean)
    .join('; ');
  return (
    <li>
      <button
        type="button"
        className={`history-row status-${RUN_STATUS_ICON[run.status]}`}
        aria-label={label}
        title={run.request}
        onClick={() => onOpen(run.runId)}
      >
        <span className="history-line">
          <StatusIcon status={RUN_STATUS_ICON[run.status]} />
          <span className="history-request">{truncate(run.request, 200)}</span>
          {run.pendingReview > 0 ? (
            <span className="history-badge" title={`${plural(run.pendingReview, 'staged file')} waiting for review`}>
              {run.pendingReview}
            </span>
          ) : null}
        </span>
        <span className="history-meta">
          <span>{status}</span>
          {checks ? <span className={`history-checks checks-${run.checks ?? ''}`}>{checks}</span> : null}
          <span>{when}</span>
          <span>{formatDuration(run.wallMs)}</span>
          <span>{formatSpeedup(run.speedup)}</span>
          <span>{cost}</span>
          {run.demo ? <span className="chip">Demo</span> : null}
        </span>
      </button>
      {run.status === 'interrupted' ? <InterruptedActions runId={run.runId} request={run.request} post={post} small /> : null}
    </li>
  );
}

export function HistoryPanel({ history, now, open, onToggle, post }: HistoryProps) {
  const [all, setAll] = useState(false);
  if (history.length === 0) return null;
  const rows = [...history].sort((a, b) => b.startedAt - a.startedAt);
  const shown = all ? rows : rows.slice(0, SHOWN);
  const onOpen = (runId: string) => post({ type: 'openRun', runId });
  return (
    <section className="history" aria-label="Run history">
      <details open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
        <summary className="ui-section-title history-summary">
          History <span className="ui-section-count">{plural(history.length, 'run')}</span>
        </summary>
        <Velocity history={history} />
        <ul className="history-list" aria-label="Past runs, newest first">
          {shown.map((run) => (
            <HistoryRow key={run.runId} run={run} now={now} onOpen={onOpen} post={post} />
          ))}
        </ul>
        {rows.length > shown.length ? (
          <button type="button" className="link-button history-more" onClick={() => setAll(true)}>
            Show {rows.length - shown.length} more
          </button>
        ) : null}
      </details>
    </section>
  );
}
