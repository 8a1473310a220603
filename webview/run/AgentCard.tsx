/**
 * One agent of a Fanout run, live: what it is, where it is, what it is doing (or the write it was
 * refused, as what it was), what it costs, the fix-up round it is on and what the checks said about
 * its files, and the actions that fit its status. Memoised on the agent object, which the run
 * reducer keeps identical while nothing about the agent changes; the clock only re-renders live
 * agents. Separate pieces of text are separate elements with spaces between them, so they never
 * run together when read as text.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { memo, type ReactElement, type ReactNode } from 'react';
import type { AgentState } from '../../src/core/run/runState';
import { agentCost, formatCost, formatDuration, formatTokens, plural } from '../format';
import { sameRefusal, type Refusal } from './agentActivity';
import { ActionText, RefusalText } from './ActionText';
import type { AgentChecksMark } from './checksModel';
import { StatusIcon, Swatch } from './Glyphs';
import {
  compactionLabel,
  compactionTitle,
  elapsedMs,
  fallbackLabel,
  fallbackTitle,
  isLive,
  PHASE_LABEL,
  progressLines,
  statusDetail,
  statusText,
  type ProgressLine,
} from './labels';
import type { OwnerColor } from './palette';

export interface AgentCardProps {
  readonly agent: AgentState;
  /** The view's clock (epoch ms) for elapsed time and retry countdowns. */
  readonly now: number;
  readonly color: OwnerColor;
  /** Files this agent has staged for review. */
  readonly stagedFiles: number;
  readonly onCancel: (taskId: string) => void;
  readonly onRetry: (taskId: string) => void;
  readonly onReview: (taskId: string) => void;
  /** What the checks said about this agent's files, once they have a verdict. */
  readonly checks?: AgentChecksMark;
  /** The latest write it was refused; without it the card only counts refused writes. */
  readonly refusal?: Refusal;
  /** The card sits inside a list item of its own (a compact row), so it is not one itself. */
  readonly embedded?: boolean;
}

/** Characters of a path on a card line before its middle is cut (a line of a 300 px sidebar, after the verb). */
const CARD_PATH_CHARS = 28;

function tokenTitle(agent: AgentState): string {
  const u = agent.usage;
  return [
    `Input ${u.input.toLocaleString('en-US')}`,
    `cache read ${u.cacheRead.toLocaleString('en-US')}`,
    `cache write ${u.cacheWrite.toLocaleString('en-US')}`,
    `output ${u.output.toLocaleString('en-US')}`,
    `${plural(agent.turns, 'turn')}, ${plural(agent.toolCalls, 'tool call')}`,
  ].join(' · ');
}

function costTitle(agent: AgentState): string {
  const model = agent.model ? ` (${agent.model})` : '';
  if (agent.costKnown) return `Cost of this agent's turns${model}`;
  return agent.costUsd > 0
    ? `Some turns used a model without a price${model}; this is the priced part only`
    : `Fanout has no price for this agent's model${model}; add one in fanout.prices`;
}

/** Tokens, cost, retries and refused writes (when no refusal line tells them), separated by spaces so they read apart without CSS. */
function metaItems(agent: AgentState, refusalShown: boolean) {
  const usage = agent.usage;
  const cost = agentCost(agent);
  const compacted = compactionLabel(agent);
  const fallback = fallbackLabel(agent);
  const items = [
    agent.turns > 0 ? (
      <span key="tokens" title={tokenTitle(agent)}>
        {formatTokens(usage.input + usage.cacheRead + usage.cacheWrite)} in / {formatTokens(usage.output)} out
      </span>
    ) : null,
    agent.turns > 0 ? (
      <span key="cost" title={costTitle(agent)}>
        {formatCost(cost.usd, cost.complete)}
      </span>
    ) : null,
    agent.retries > 0 ? (
      <span key="retries" className="meta-warn">
        {plural(agent.retries, 'retry', 'retries')}
      </span>
    ) : null,
    agent.deniedWrites > 0 && !refusalShown ? (
      <span key="denied" className="meta-warn" title="Writes refused because another task owns the path">
        {agent.deniedWrites} denied
      </span>
    ) : null,
    compacted ? (
      <span key="compacted" className="meta-note" title={compactionTitle(agent)}>
        {compacted}
      </span>
    ) : null,
    fallback ? (
      <span key="fallback" className="meta-warn" title={fallbackTitle(agent)}>
        {fallback}
      </span>
    ) : null,
  ].filter((item) => item !== null);
  return spaced(items);
}

/** Elements with a space between each two, so their texts read apart without CSS. */
function spaced(items: readonly ReactElement[]): ReactNode[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [' ', item]));
}

/** One line of the latest output; a progress note from thinking is marked for the eye and for screen readers. */
function TailLine({ line }: { readonly line: ProgressLine }) {
  if (!line.thinking) return <div>{line.text}</div>;
  return (
    <div className="tail-thinking" title="Progress note (the model's summarized thinking)">
      <span className="visually-hidden">Thinking: </span>
      {line.text}
    </div>
  );
}

/** The checks' verdict on its files, "first pass ✓", and the fix-up rounds it was sent; separated by spaces like the meta line. */
function checkItems(agent: AgentState, checks: AgentChecksMark | undefined) {
  const fixups = agent.fixing === undefined ? (agent.fixups ?? 0) : 0;
  const items = [
    checks?.verdict === 'passing' ? (
      <span key="verdict" className="agent-checks-passing">
        checks passing
      </span>
    ) : checks?.verdict === 'failing' ? (
      <span key="verdict" className="agent-checks-failing" title="A failing check points at files this agent owns">
        checks failing
      </span>
    ) : null,
    checks?.firstPass === true ? (
      <span key="first" className="agent-checks-first" title="No failing check of the first pass pointed at its files">
        first pass ✓
      </span>
    ) : null,
    fixups > 0 ? (
      <span key="fixups" title="Rounds in which failing checks went back to this agent">
        {plural(fixups, 'fix-up round')}
      </span>
    ) : null,
  ].filter((item) => item !== null);
  return spaced(items);
}

function Actions({ agent, stagedFiles, onCancel, onRetry, onReview }: Pick<AgentCardProps, 'agent' | 'stagedFiles' | 'onCancel' | 'onRetry' | 'onReview'>) {
  const { taskId, status } = agent;
  const canCancel = status === 'queued' || status === 'running' || status === 'waiting' || status === 'retrying';
  const canRetry = status === 'failed' || status === 'cancelled' || status === 'blocked';
  if (!canCancel && !canRetry && stagedFiles === 0) return null;
  return (
    <div className="agent-actions">
      {' '}
      {stagedFiles > 0 ? (
        <button
          type="button"
          className={`ui-button small${status === 'done' ? '' : ' secondary'}`}
          aria-label={`Review agent ${taskId} (${plural(stagedFiles, 'staged file')})`}
          onClick={() => onReview(taskId)}
        >
          Review {stagedFiles}
        </button>
      ) : null}{' '}
      {canRetry ? (
        <button type="button" className="ui-button small secondary" aria-label={`Retry agent ${taskId}`} onClick={() => onRetry(taskId)}>
          Retry
        </button>
      ) : null}{' '}
      {canCancel ? (
        <button type="button" className="ui-button small secondary" aria-label={`Cancel agent ${taskId}`} onClick={() => onCancel(taskId)}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/** What it is doing now, or the write it was just refused in its place; then an earlier refusal, if any. */
function Doing({ agent, refusal }: { readonly agent: AgentState; readonly refusal: Refusal | undefined }) {
  const live = isLive(agent.status);
  if (refusal?.current) {
    return (
      <div className="agent-doing agent-refused" role="status" title={refusal.message}>
        <RefusalText refusal={refusal} maxPath={CARD_PATH_CHARS} />
      </div>
    );
  }
  return (
    <>
      {agent.doing && live ? (
        <div className="agent-doing" title={agent.doing}>
          <ActionText doing={agent.doing} maxPath={CARD_PATH_CHARS} />
        </div>
      ) : null}{' '}
      {refusal ? (
        <div className="agent-refused earlier" title={refusal.message}>
          <RefusalText refusal={refusal} maxPath={CARD_PATH_CHARS} />
        </div>
      ) : null}
    </>
  );
}

function AgentCardView(props: AgentCardProps) {
  const { agent, now, color, refusal, embedded = false } = props;
  const live = isLive(agent.status);
  const elapsed = elapsedMs(agent, now);
  const detail = statusDetail(agent);
  const lines = agent.status === 'done' && agent.summary ? [] : progressLines(agent);
  const titleId = `agent-${agent.taskId}-title`;
  const checks = checkItems(agent, props.checks);
  const meta = metaItems(agent, refusal !== undefined);
  return (
    <div
      role={embedded ? 'group' : 'listitem'}
      data-task={embedded ? undefined : agent.taskId}
      data-status={embedded ? undefined : agent.status}
      className={`agent-card status-${agent.status}`}
      aria-labelledby={titleId}
      style={{ borderLeftColor: color.color }}
    >
      <div className="agent-head">
        <Swatch owner={color} />
        <span className="agent-role">{agent.role}</span> {agent.taskId !== agent.role.toLowerCase() ? <span className="agent-id">{agent.taskId}</span> : null}{' '}
        <span className={`chip phase-${agent.phase}`}>{PHASE_LABEL[agent.phase]}</span>
      </div>{' '}
      <div className="agent-title" id={titleId}>
        {agent.title}
      </div>{' '}
      <div className="agent-status">
        <StatusIcon status={agent.status} />
        <span className="agent-status-text">{statusText(agent, now)}</span>{' '}
        {agent.fixing !== undefined ? (
          <>
            <span className="chip agent-fixup" title="It is fixing what the checks found in its files">
              Fix-up round {agent.fixing}
            </span>{' '}
          </>
        ) : null}
        {elapsed > 0 ? (
          <span className="agent-elapsed" title="Time this agent has run">
            {formatDuration(elapsed)}
          </span>
        ) : null}
      </div>{' '}
      {detail ? (
        <div className="agent-detail" title={agent.retry?.message ?? detail}>
          {detail}
        </div>
      ) : null}{' '}
      <Doing agent={agent} refusal={refusal} /> {agent.status === 'done' && agent.summary ? <div className="agent-summary">{agent.summary}</div> : null}{' '}
      {lines.length > 0 ? (
        <div className="agent-tail" aria-label="Latest output">
          {spaced(lines.map((line, i) => <TailLine key={i} line={line} />))}
        </div>
      ) : null}{' '}
      {meta.length > 0 ? <div className="agent-meta">{meta}</div> : null} {checks.length > 0 ? <div className="agent-checks">{checks}</div> : null}{' '}
      <Actions {...props} />
      {live ? <div className="agent-progress" aria-hidden="true" /> : null}
    </div>
  );
}

/** Re-render only when the agent, its files, its colour or the callbacks change, or the clock moves for a live agent. */
export function sameCard(prev: AgentCardProps, next: AgentCardProps): boolean {
  return (
    prev.agent === next.agent &&
    prev.stagedFiles === next.stagedFiles &&
    prev.color.color === next.color.color &&
    prev.color.shape === next.color.shape &&
    prev.onCancel === next.onCancel &&
    prev.onRetry === next.onRetry &&
    prev.onReview === next.onReview &&
    prev.checks?.verdict === next.checks?.verdict &&
    prev.checks?.firstPass === next.checks?.firstPass &&
    sameRefusal(prev.refusal, next.refusal) &&
    prev.embedded === next.embedded &&
    (prev.now === next.now || !isLive(next.agent.status))
  );
}

export const AgentCard = memo(AgentCardView, sameCard);
