/**
 * The live view of one Fanout run: a header (one line while the run is live, unfolding to the
 * request, counts and metrics), the agents (at work first while live, by phase afterwards; one
 * compact line each in a large run), the checks, timeline, findings and the ownership map. Purely
 * presentational: it renders a `RunState` at `now` and reports actions through callbacks. Pass
 * stable callbacks (useCallback) so unchanged cards skip re-rendering.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useCallback, useMemo, useState } from 'react';
import { computeMetrics } from '../../src/core/run/metrics';
import type { AgentState, RunState } from '../../src/core/run/runState';
import type { WebviewToHost } from '../../src/protocol/messages';
import { refusalOf } from './agentActivity';
import { AgentSections } from './AgentSections';
import { ChecksPanel } from './ChecksPanel';
import { agentChecksMark } from './checksModel';
import { Findings } from './Findings';
import { OwnershipMap } from './OwnershipMap';
import { ownerColor, UNOWNED, type OwnerColor } from './palette';
import { RunHeader } from './RunHeader';
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
  /** The live header starts unfolded (the preview; a person unfolds it themselves). */
  readonly initiallyOpen?: boolean;
  /** Compact agent lines that start expanded (the preview). */
  readonly openRows?: readonly string[];
}

export function RunView(props: RunViewProps) {
  const { state, now, onCancelRun, onCancelAgent, onRetryAgent, onReviewAgent, onOpenFile, post, initiallyOpen = false, openRows } = props;
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
  const roleOf = useCallback((taskId: string): string => state.agents[taskId]?.role ?? taskId, [state.agents]);
  const live = state.status === 'running';
  const tasks = state.plan?.tasks;
  const checks = state.checks;
  const [open, setOpen] = useState(initiallyOpen);
  const onToggle = useCallback(() => setOpen((was) => !was), []);
  const stagedOf = useCallback((taskId: string) => stagedBy.get(taskId) ?? 0, [stagedBy]);
  const checksOf = useCallback((taskId: string) => agentChecksMark(checks, taskId, stagedBy.get(taskId) ?? 0), [checks, stagedBy]);
  const refusalFor = useCallback((agent: AgentState) => refusalOf(agent, state.denied, roleOf), [state.denied, roleOf]);

  return (
    <main className="run-view" aria-labelledby="run-title">
      <RunHeader state={state} metrics={metrics} open={!live || open} onToggle={onToggle} onCancelRun={onCancelRun} />{' '}
      {!live && state.startedAt !== undefined ? (
        <section aria-labelledby="run-metrics-title">
          <h2 id="run-metrics-title" className="visually-hidden">
            Metrics
          </h2>{' '}
          <RunMetrics metrics={metrics} running={false} onCancelRun={onCancelRun} />
        </section>
      ) : null}{' '}
      <AgentSections
        agents={agents}
        live={live}
        now={now}
        colorOf={colorOf}
        stagedOf={stagedOf}
        checksOf={checksOf}
        refusalOf={refusalFor}
        onCancelAgent={onCancelAgent}
        onRetryAgent={onRetryAgent}
        onReviewAgent={onReviewAgent}
        {...(openRows ? { openRows } : {})}
      />{' '}
      {checks ? <ChecksPanel checks={checks} runId={state.runId} now={now} titleOf={titleOf} post={post} /> : null}{' '}
      {state.startedAt !== undefined && agents.length > 0 ? (
        <details className="run-details" open>
          <summary className="ui-section-title">Timeline</summary>{' '}
          <Timeline agents={agents} startedAt={state.startedAt} endAt={state.finishedAt ?? Math.max(now, state.startedAt)} colorOf={colorOf} />
        </details>
      ) : null}{' '}
      {state.findings.length > 0 ? (
        <details className="run-details" open>
          <summary className="ui-section-title">
            Findings <span className="ui-section-count">{state.findings.length}</span>
          </summary>{' '}
          <Findings findings={state.findings} />
        </details>
      ) : null}{' '}
      {tasks ? (
        <details className="run-details" open>
          <summary className="ui-section-title">
            Files and owners <span className="ui-section-count">{metrics.filesStaged} staged</span>
          </summary>{' '}
          <OwnershipMap tasks={tasks} files={state.files} denied={state.denied} colorOf={colorOf} {...(onOpenFile ? { onOpenFile } : {})} />
        </details>
      ) : null}
    </main>
  );
}
