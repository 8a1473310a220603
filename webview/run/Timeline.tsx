/**
 * Fanout's run timeline: one bar per agent over the run's wall time, so parallelism (and waiting)
 * is visible at a glance. Bars are positioned in percent; a visually hidden table carries the same
 * facts for screen readers.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { AgentState } from '../../src/core/run/runState';
import { formatOffset } from '../format';
import { STATUS_LABEL } from './labels';
import type { OwnerColor } from './palette';
import { axisTicks, timelineRows, type Segment } from './timelineModel';

export interface TimelineProps {
  /** Agents in plan order. */
  readonly agents: readonly AgentState[];
  /** Run start and the end of the scale (the run's finish, or now while it runs), epoch ms. */
  readonly startedAt: number;
  readonly endAt: number;
  readonly colorOf: (taskId: string) => OwnerColor;
}

function pct(seg: Segment): { readonly left: string; readonly width: string } {
  return { left: `${seg.left}%`, width: `${seg.width}%` };
}

export function Timeline({ agents, startedAt, endAt, colorOf }: TimelineProps) {
  const rows = timelineRows(agents, startedAt, endAt);
  const ticks = axisTicks(endAt - startedAt);
  return (
    <div className="timeline">
      <div className="timeline-scroll" aria-hidden="true">
        <div className="timeline-grid">
          <div className="timeline-axis">
            <span className="timeline-label" />
            <div className="timeline-track timeline-ticks">
              {ticks.flatMap((t, i) => [
                i > 0 ? ' ' : null,
                <span key={t.left} className="timeline-tick" style={{ left: `${t.left}%` }}>
                  {t.label}
                </span>,
              ])}
            </div>
          </div>
          {rows.map((row) => {
            const owner = colorOf(row.taskId);
            return (
              <div key={row.taskId} className={`timeline-row status-${row.status}`} title={row.label}>
                <span className="timeline-label">
                  {row.taskId}
                  {row.retries > 0 ? <span className="timeline-retries"> ↻{row.retries}</span> : null}
                </span>{' '}
                <div className="timeline-track">
                  {ticks.map((t) => (
                    <span key={t.left} className="timeline-gridline" style={{ left: `${t.left}%` }} />
                  ))}
                  {row.queued ? <span className={`timeline-bar queued shape-${owner.shape}`} style={{ ...pct(row.queued), color: owner.color }} /> : null}
                  {row.active ? (
                    <span
                      className={`timeline-bar active shape-${owner.shape}${row.ended ? '' : ' live'}`}
                      style={{ ...pct(row.active), color: owner.color }}
                    />
                  ) : null}
                </div>{' '}
              </div>
            );
          })}
        </div>
      </div>{' '}
      <div className="visually-hidden">
        <table>
          <caption>Agent timeline, offsets from the start of the run</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Queued at</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">Status</th>
              <th scope="col">Retries</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.taskId} aria-label={row.label}>
                <th scope="row">{row.taskId}</th>
                <td>{row.queuedMs !== undefined ? formatOffset(row.queuedMs) : '—'}</td>
                <td>{row.startMs !== undefined ? formatOffset(row.startMs) : '—'}</td>
                <td>{row.endMs === undefined ? '—' : row.ended ? formatOffset(row.endMs) : 'still running'}</td>
                <td>{STATUS_LABEL[row.status]}</td>
                <td>{row.retries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
