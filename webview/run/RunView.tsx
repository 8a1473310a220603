/**
 * The live view of one Fanout run: header, metrics, agent cards by phase, the checks, timeline,
 * findings and the ownership map. Purely presentational: it renders a `RunState` at `now` and
 * reports actions through callbacks. Pass stable callbacks (useCallback) so unchanged cards skip
 * re-rendering.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useMemo } from 'react';
import { computeMetrics } from '../../src/core/run/metrics';
import { PHASES } from '../../src/core/plan/plan';
import type { AgentState, AgentStatus, RunState } from '../../src/core/run/runState';
import type { WebviewToHost } from '../../src/protocol/messages';
import { formatDuration } from '../format';
import { AgentCard } from './AgentCard';
import { ChecksPanel } from './ChecksPanel';
import { agentChecksMark } from './checksModel';
import { Findings } from './Findings';
import { StatusIcon } from './Glyphs';
import { PHASE_LABEL, RUN_STATUS_ICON, RUN_STATUS_LABEL, STATUS_LABEL, STATUS_ORDER } from './labels';
import { OwnershipMap } from './OwnershipMap';
import { ownerColor, UNOWNED, type OwnerColor } from './palette';
import { RunMetrics } from './RunMetrics';
import { Timeline } from './Timeline';

export interface RunViewProps {
  readonly state: RunState;
  /** The view's clock, epoch ms; tick it about once a second while the run is live. */
  readonly now: number;
  readonly onCancelRun: () => void;
  readonly onCancelAgent: (taskId: string) => void;
  readonly onRetryAgent: (taskId: string) => void;
  readonly onReviewAgent: (taskId: string) => void;
  /** Opens the staged change of one file (its diff), from the ownership map. */
  readonly onOpenFile?: (path: string, taskId: string) => void;
  /** Sends the checks panel's "Show output" (`showCheckOutput`) to the host; without it that button is left out. */
  readonly post?: (message: WebviewToHost) => void;
}

function Counts({ counts }: { readonly counts: Readonly<Record<AgentStatus, number>> }) {
  const shown = STATUS_ORDER.filter((s) => counts[s] > 0);
  if (shown.length === 0) return null;
  return (
    <ul className="run-counts" aria-label="Agents by status">
      {shown.map((s) => (
        <li key={s} className={`count status-${s}`}>
          <StatusIcon status={s} />
          {counts[s]} {STATUS_LABEL[s].toLowerCase()}
        </li>
      ))}
    </ul>
  );
}

export function RunView({ state, now, onCancelRun, onCancelAgent, onRetryAgent, onReviewAgent, onOpenFile, post }: RunViewProps) {
  const metrics = computeMetrics(state, now);
  const agents = useMemo(
    () => state.agentOrder.map((id) => state.agents[id]).filter((a): a is AgentState => a !== undefined),
    [state.agentOrder, state.agents],
  );
  const colors = useMemo(() => new Map(state.agentOrder.map((id, i) => [id, ownerColor(i)])), [state.agentOrder]);
  const colorOf = useMemo(
    () =>
      (taskId: string): OwnerColor =>
        colors.get(taskId) ?? UNOWNED,
    [colors],
  );
  const stagedBy = useMemo(() => {
    const counts = new Map<string, number>();
    for (const f of Object.values(state.files)) counts.set(f.taskId, (counts.get(f.taskId) ?? 0) + 1);
    return counts;
  }, [state.files]);
  const titleOf = useMemo(
    () =>
      (taskId: string): string =>
        state.agents[taskId]?.title ?? taskId,
    [state.agents],
  );
  const live = state.status === 'running';
  const tasks = state.plan?.tasks;
  const checks = state.checks;

  return (
    <main className="run-view" aria-labelledby="run-title">
      <header className="run-header">
        <div className={`run-status status-${RUN_STATUS_ICON[state.status]}`}>
          <StatusIcon status={RUN_STATUS_ICON[state.status]} />
          <h1 id="run-title">{RUN_STATUS_LABEL[state.status]}</h1>
          {state.startedAt !== undefined ? <span className="run-wall">{formatDuration(metrics.wallMs)}</span> : null}
          {state.demo ? <span className="chip">Demo</span> : null}
          {state.workspaceName ? <span className="run-workspace">{state.workspaceName}</span> : null}
        </div>
        {state.plan ? (
          <p className="run-request" title={state.plan.request}>
            {state.plan.request}
          </p>
        ) : null}
        <Counts counts={metrics.agents} />
        {state.message ? <p className={`run-message status-${state.status}`}>{state.message}</p> : null}
        {state.warnings && state.warnings.length > 0 ? (
          <ul className="run-warnings" aria-label="Warnings">
            {state.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        ) : null}
      </header>

      {state.startedAt !== undefined ? (
        <section aria-labelledby="run-metrics-title">
          <h2 id="run-metrics-title" className="visually-hidden">
            Metrics
          </h2>
          <RunMetrics metrics={metrics} running={live} onCancelRun={onCancelRun} />
        </section>
      ) : null}

      {PHASES.map((phase) => {
        const inPhase = agents.filter((a) => a.phase === phase);
        if (inPhase.length === 0) return null;
        const done = inPhase.filter((a) => a.status === 'done').length;
        return (
          <section key={phase} className="phase" aria-labelledby={`phase-${phase}`}>
            <h2 id={`phase-${phase}`} className="ui-section-title">
              {PHASE_LABEL[phase]}
              <span className="ui-section-count">
                {done}/{inPhase.length} done
              </span>
            </h2>
            <div role="list" className="agent-list">
              {inPhase.map((a) => (
                <AgentCard
                  key={a.taskId}
                  agent={a}
                  now={now}
                  color={colorOf(a.taskId)}
                  stagedFiles={stagedBy.get(a.taskId) ?? 0}
                  checks={agentChecksMark(checks, a.taskId, stagedBy.get(a.taskId) ?? 0)}
                  onCancel={onCancelAgent}
                  onRetry={onRetryAgent}
                  onReview={onReviewAgent}
                />
              ))}
            </div>
          </section>
        );
      })}

      {checks ? <ChecksPanel checks={checks} runId={state.runId} now={now} titleOf={titleOf} post={post} /> : null}

      {state.startedAt !== undefined && agents.length > 0 ? (
        <details className="run-details" open>
          <summary className="ui-section-title">Timeline</summary>
          <Timeline agents={agents} startedAt={state.startedAt} endAt={state.finishedAt ?? Math.max(now, state.startedAt)} colorOf={colorOf} />
        </details>
      ) : null}

      {state.findings.length > 0 ? (
        <details className="run-details" open>
          <summary className="ui-section-title">
            Findings <span className="ui-section-count">{state.findings.length}</span>
          </summary>
          <Findings findings={state.findings} />
        </details>
      ) : null}

      {tasks ? (
        <details className="run-details" open>
          <summary className="ui-section-title">
            Files and owners <span className="ui-section-count">{metrics.filesStaged} staged</span>
          </summary>
          <OwnershipMap tasks={tasks} files={state.files} denied={state.denied} colorOf={colorOf} {...(onOpenFile ? { onOpenFile } : {})} />
        </details>
      ) : null}
    </main>
  );
}
