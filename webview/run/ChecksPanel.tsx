/**
 * The run view's Checks panel: where the check phase is (waiting, checking, a fix-up round, the
 * verdict), the time spent in checks and fix-ups, and one row per check with its status, command,
 * duration, exit code, the diagnostics it pointed at (capped) with the task that owns each file,
 * "Show output" (the whole log, opened by the host) and the output's tail on demand. A run without a
 * check phase gets one muted line saying why. All output is rendered as text, never as markup.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { CheckState, ChecksState } from '../../src/core/run/runState';
import type { WebviewToHost } from '../../src/protocol/messages';
import { formatDuration, plural } from '../format';
import {
  CHECK_STATUS_ICON,
  CHECK_STATUS_LABEL,
  CHECKS_PHASE_ICON,
  checkDurationMs,
  checksPhaseText,
  checksTimes,
  diagnosticMessage,
  diagnosticWhere,
  orderedChecks,
  shownDiagnostics,
  tailText,
} from './checksModel';
import { StatusIcon } from './Glyphs';

export interface ChecksPanelProps {
  readonly checks: ChecksState;
  readonly runId: string;
  /** The view's clock, epoch ms. */
  readonly now: number;
  /** The title of a task, for the owner of a diagnostic's file. */
  readonly titleOf: (taskId: string) => string;
  /** Sends "Show output" to the host; without it the button is left out. */
  readonly post?: (message: WebviewToHost) => void;
}

interface CheckRowProps {
  readonly check: CheckState;
  readonly runId: string;
  readonly now: number;
  readonly titleOf: (taskId: string) => string;
  readonly post?: (message: WebviewToHost) => void;
}

function Diagnostics({ check, titleOf }: Pick<CheckRowProps, 'check' | 'titleOf'>) {
  const { shown, more } = shownDiagnostics(check);
  if (shown.length === 0 && more === 0) return null;
  return (
    <ul className="check-diagnostics" aria-label={`Problems check ${check.id} reported`}>
      {shown.map((d, i) => (
        <li key={i}>
          <code className="check-diagnostic-where">{diagnosticWhere(d)}</code>
          {' — '}
          <span className="check-diagnostic-message">{diagnosticMessage(d)}</span>
          {' — '}
          <span className="check-diagnostic-owner">{d.owner !== undefined ? titleOf(d.owner) : 'validators'}</span>
        </li>
      ))}
      {more > 0 ? <li className="check-diagnostics-more">{more} more</li> : null}
    </ul>
  );
}

/** Its id, duration, exit code, pass and whether the output was cut, separated by spaces so they read apart without CSS. */
function metaItems(check: CheckState, duration: number | undefined) {
  const items = [
    <span key="id" className="check-id">
      {check.id}
    </span>,
    duration !== undefined ? (
      <span key="duration" title="How long it ran">
        {formatDuration(duration)}
      </span>
    ) : null,
    typeof check.exitCode === 'number' ? <span key="exit">exit {check.exitCode}</span> : null,
    check.pass > 0 ? <span key="pass">pass {check.pass}</span> : null,
    check.truncated ? (
      <span key="cut" title="The output went past the cap; the log keeps its first part">
        output cut
      </span>
    ) : null,
  ].filter((item) => item !== null);
  return items.flatMap((item, i) => (i === 0 ? [item] : [' ', item]));
}

function CheckRow({ check, runId, now, titleOf, post }: CheckRowProps) {
  const duration = checkDurationMs(check, now);
  const icon = CHECK_STATUS_ICON[check.status];
  const titleId = `check-${check.id}-command`;
  return (
    <li className={`check-row status-${icon}`} aria-labelledby={titleId}>
      <div className="check-line">
        <StatusIcon status={icon} />
        <span className="check-status">{CHECK_STATUS_LABEL[check.status]}</span>{' '}
        <code className="check-command" id={titleId} title={check.command}>
          {check.command}
        </code>
      </div>{' '}
      <div className="check-meta">{metaItems(check, duration)}</div> {check.message ? <p className="check-message">{check.message}</p> : null}{' '}
      {check.status !== 'passed' ? <Diagnostics check={check} titleOf={titleOf} /> : null}{' '}
      {(check.log !== undefined && post) || check.tail ? (
        <div className="check-actions">
          {check.log !== undefined && post ? (
            <button
              type="button"
              className="ui-button small secondary"
              aria-label={`Show the output of check ${check.id}`}
              onClick={() => post({ type: 'showCheckOutput', runId, checkId: check.id })}
            >
              Show output
            </button>
          ) : null}
          {check.tail ? (
            <details className="check-tail">
              <summary>Output tail</summary>
              <pre>{tailText(check.tail)}</pre>
            </details>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export function ChecksPanel({ checks, runId, now, titleOf, post }: ChecksPanelProps) {
  if (checks.phase === 'skipped') {
    return <p className="checks-skipped">{checksPhaseText(checks)}</p>;
  }
  const rows = orderedChecks(checks);
  const times = checksTimes(checks, now);
  const phaseIcon = CHECKS_PHASE_ICON[checks.phase];
  return (
    <section className="checks-panel" aria-labelledby="checks-title">
      <h2 id="checks-title" className="ui-section-title">
        Checks <span className="ui-section-count">{plural(rows.length, 'check')}</span>
      </h2>
      <div className={`checks-head status-${phaseIcon}`}>
        <StatusIcon status={phaseIcon} />
        <strong className="checks-phase" role="status">
          {checksPhaseText(checks)}
        </strong>{' '}
        {times.checkMs > 0 || times.fixupMs > 0 ? (
          <span className="checks-times">
            checks {formatDuration(times.checkMs)}
            {times.fixupMs > 0 || checks.rounds > 0 ? ` · fix-ups ${formatDuration(times.fixupMs)}` : ''}
          </span>
        ) : null}
      </div>
      {checks.message ? <p className="checks-message">{checks.message}</p> : null}{' '}
      <ul className="checks-list">
        {rows.flatMap((check, i) => [i > 0 ? ' ' : null, <CheckRow key={check.id} check={check} runId={runId} now={now} titleOf={titleOf} post={post} />])}
      </ul>
    </section>
  );
}
