/**
 * One agent of a large run as a single line: status icon, title, what it is doing (or the write it
 * was just refused), cost. The line is a button that expands the agent's full card under it
 * (aria-expanded, aria-controls); its accessible name says the status the icon shows.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useState } from 'react';
import { agentCost, formatCost } from '../format';
import { AgentCard, type AgentCardProps } from './AgentCard';
import { ActionText, PathText } from './ActionText';
import { StatusIcon } from './Glyphs';
import { STATUS_LABEL, statusDetail, statusText } from './labels';

/** Characters of a path on a compact line before its middle is cut. */
const ROW_PATH_CHARS = 26;

export type AgentRowProps = Omit<AgentCardProps, 'embedded'> & {
  /** Starts expanded (the preview and tests; a person opens rows themselves). */
  readonly initiallyOpen?: boolean;
};

/** What a compact line says for an agent that is not running an action: its summary once done, else its status and why. */
export function rowStatusText(agent: AgentRowProps['agent'], now: number): string {
  if (agent.status === 'done' && agent.summary) return agent.summary;
  const detail = statusDetail(agent);
  return detail ? `${statusText(agent, now)} · ${detail}` : statusText(agent, now);
}

/** The action a compact line shows: the refused write while it is the current one, what it does while it runs, else its status. */
function RowAction({ props }: { readonly props: AgentRowProps }) {
  const { agent, now, refusal } = props;
  if (refusal?.current) {
    return (
      <span className="agent-row-action refused" title={`Refused: ${refusal.verb} ${refusal.path} (${refusal.why})`}>
        Refused: {refusal.verb} <PathText path={refusal.path} max={ROW_PATH_CHARS} />
      </span>
    );
  }
  if (agent.status === 'running' && agent.doing) {
    return (
      <span className="agent-row-action doing" title={agent.doing}>
        <ActionText doing={agent.doing} maxPath={ROW_PATH_CHARS} />
      </span>
    );
  }
  const words = rowStatusText(agent, now);
  return (
    <span className="agent-row-action" title={words}>
      {words}
    </span>
  );
}

/** The words a screen reader hears for the line: title, status, action, cost. */
function rowName(props: AgentRowProps, cost: string): string {
  const { agent, now, refusal } = props;
  const status = STATUS_LABEL[agent.status];
  const action = refusal?.current
    ? `refused: ${refusal.verb} ${refusal.path} (${refusal.why})`
    : agent.status === 'running' && agent.doing
      ? agent.doing
      : rowStatusText(agent, now);
  const said = action.startsWith(status) ? [action] : [status, action];
  return [agent.title, ...said, cost].filter((part) => part !== '').join(', ');
}

export function AgentRow({ initiallyOpen = false, ...props }: AgentRowProps) {
  const { agent, color } = props;
  const [open, setOpen] = useState(initiallyOpen);
  const known = agentCost(agent);
  const cost = agent.turns > 0 ? formatCost(known.usd, known.complete) : '';
  const cardId = `agent-${agent.taskId}-card`;
  return (
    <div
      role="listitem"
      data-task={agent.taskId}
      data-status={agent.status}
      className={`agent-row status-${agent.status}${open ? ' open' : ''}`}
      style={{ borderLeftColor: color.color }}
    >
      <button
        type="button"
        className="agent-row-line"
        aria-expanded={open}
        aria-controls={cardId}
        aria-label={rowName(props, cost)}
        onClick={() => setOpen((was) => !was)}
      >
        <span className="agent-row-twisty" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>{' '}
        <StatusIcon status={agent.status} /> <span className="agent-row-title">{agent.title}</span> <RowAction props={props} />{' '}
        {cost !== '' ? <span className="agent-row-cost">{cost}</span> : null}
      </button>
      <div id={cardId} className="agent-row-card" hidden={!open}>
        {open ? <AgentCard {...props} embedded /> : null}
      </div>
    </div>
  );
}
