/**
 * The top of Fanout's run view. While the run is live it is one line, so the working agents come
 * first: status, agents at work and cost, as a button (aria-expanded) that unfolds the wall time,
 * request, counts by status and metrics; Cancel run stays beside it as an icon button. Once the run has ended
 * (or was interrupted) everything shows, as a header and a metrics grid. Warnings and the run's
 * message always show.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { RunMetrics as Metrics } from '../../src/core/run/metrics';
import type { AgentStatus, RunState } from '../../src/core/run/runState';
import { formatCost, formatDuration } from '../format';
import { StatusIcon, StopIcon } from './Glyphs';
import { RUN_STATUS_ICON, RUN_STATUS_LABEL, STATUS_LABEL, STATUS_ORDER } from './labels';
import { RunMetrics } from './RunMetrics';

export interface RunHeaderProps {
  readonly state: RunState;
  readonly metrics: Metrics;
  /** The overview (request, counts, metrics) is unfolded; always true for a run that is not live. */
  readonly open: boolean;
  readonly onToggle: () => void;
  readonly onCancelRun: () => void;
}

function Counts({ counts }: { readonly counts: Readonly<Record<AgentStatus, number>> }) {
  const shown = STATUS_ORDER.filter((s) => counts[s] > 0);
  if (shown.length === 0) return null;
  return (
    <ul className="run-counts" aria-label="Agents by status">
      {shown.flatMap((s, i) => [
        i > 0 ? ' ' : null,
        <li key={s} className={`count status-${s}`}>
          <StatusIcon status={s} />
          {counts[s]} {STATUS_LABEL[s].toLowerCase()}
        </li>,
      ])}
    </ul>
  );
}

/** "4 at work": the agents holding a model slot (running, waiting for capacity, retrying); "none at work" between them. */
export function atWorkText(counts: Readonly<Record<AgentStatus, number>>): string {
  const working = counts.running + counts.waiting + counts.retrying;
  return working === 0 ? 'none at work' : `${working} at work`;
}

function Notes({ state }: { readonly state: RunState }) {
  return (
    <>
      {state.message ? <p className={`run-message status-${state.status}`}>{state.message}</p> : null}{' '}
      {state.warnings && state.warnings.length > 0 ? (
        <ul className="run-warnings" aria-label="Warnings">
          {state.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Overview({ state, metrics, withMetrics }: { readonly state: RunState; readonly metrics: Metrics; readonly withMetrics: boolean }) {
  return (
    <>
      {withMetrics && state.workspaceName ? <p className="run-overview-where">{state.workspaceName}</p> : null}{' '}
      {state.plan ? (
        <p className="run-request" title={state.plan.request}>
          {state.plan.request}
        </p>
      ) : null}{' '}
      <Counts counts={metrics.agents} />{' '}
      {withMetrics && state.startedAt !== undefined ? (
        <section aria-labelledby="run-metrics-title">
          <h2 id="run-metrics-title" className="visually-hidden">
            Metrics
          </h2>{' '}
          <RunMetrics metrics={metrics} running={false} onCancelRun={() => undefined} />
        </section>
      ) : null}
    </>
  );
}

/** The live run's one-line summary, its toggle and Cancel run; the overview under it while unfolded. */
function LiveHeader({ state, metrics, open, onToggle, onCancelRun }: RunHeaderProps) {
  const icon = RUN_STATUS_ICON[state.status];
  return (
    <header className="run-header live">
      <div className={`run-summary status-${icon}`}>
        <h1 id="run-title" className="run-summary-title">
          <button
            type="button"
            className="run-summary-toggle"
            aria-expanded={open}
            aria-controls="run-overview"
            title={`${open ? 'Hide' : 'Show'} the request, counts and metrics${state.startedAt !== undefined ? ` (running for ${formatDuration(metrics.wallMs)})` : ''}`}
            onClick={onToggle}
          >
            <span className="run-summary-twisty" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>{' '}
            <StatusIcon status={icon} />
            <span className="run-summary-status">{RUN_STATUS_LABEL[state.status]}</span>{' '}
            <span className="run-summary-facts">
              <span className="run-summary-sep">{'· '}</span>
              <span>{atWorkText(metrics.agents)}</span>
            </span>
            {/* The cost never gives way to the count: a narrow side bar hides the status word (its icon
                stays, and screen readers still hear it), and only then cuts "N at work". */}
            <span className="run-summary-cost">
              {' · '}
              {formatCost(metrics.costUsd, metrics.costComplete)}
            </span>
            {state.demo ? <span className="chip run-summary-demo">Demo</span> : null}
          </button>
        </h1>{' '}
        <button type="button" className="icon-button run-summary-cancel" aria-label="Cancel run" title="Cancel run" onClick={onCancelRun}>
          <StopIcon />
        </button>
      </div>{' '}
      <div id="run-overview" className="run-overview" hidden={!open}>
        {open ? <Overview state={state} metrics={metrics} withMetrics /> : null}
      </div>{' '}
      <Notes state={state} />
    </header>
  );
}

export function RunHeader(props: RunHeaderProps) {
  const { state, metrics } = props;
  if (state.status === 'running') return <LiveHeader {...props} />;
  const icon = RUN_STATUS_ICON[state.status];
  return (
    <header className="run-header">
      <div className={`run-status status-${icon}`}>
        <StatusIcon status={icon} />
        <h1 id="run-title">{RUN_STATUS_LABEL[state.status]}</h1>{' '}
        {state.startedAt !== undefined ? <span className="run-wall">{formatDuration(metrics.wallMs)}</span> : null}{' '}
        {state.demo ? <span className="chip">Demo</span> : null} {state.workspaceName ? <span className="run-workspace">{state.workspaceName}</span> : null}
      </div>{' '}
      <Overview state={state} metrics={metrics} withMetrics={false} /> <Notes state={state} />
    </header>
  );
}
