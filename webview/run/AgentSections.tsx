/**
 * The agents of a run view, in sections. While the run is live the sections follow what the agents
 * are doing (working first, then queued, then ended), so the ones at work are what a person sees
 * first; afterwards they follow the plan's phases. A run of more than COMPACT_AFTER agents shows one
 * compact line per agent, each expandable to its full card.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { PHASES } from '../../src/core/plan/plan';
import type { AgentState } from '../../src/core/run/runState';
import type { AgentCardProps } from './AgentCard';
import { AgentCard } from './AgentCard';
import { useWide } from '../useWide';
import { activityGroups, COMPACT_AFTER, type Refusal } from './agentActivity';
import { AgentRow } from './AgentRow';
import type { AgentChecksMark } from './checksModel';
import { PHASE_LABEL } from './labels';
import type { OwnerColor } from './palette';

export interface AgentSectionsProps {
  /** In plan order. */
  readonly agents: readonly AgentState[];
  /** Sections by activity (a live run) or by phase. */
  readonly live: boolean;
  readonly now: number;
  readonly colorOf: (taskId: string) => OwnerColor;
  readonly stagedOf: (taskId: string) => number;
  readonly checksOf: (taskId: string) => AgentChecksMark | undefined;
  readonly refusalOf: (agent: AgentState) => Refusal | undefined;
  readonly onCancelAgent: (taskId: string) => void;
  readonly onRetryAgent: (taskId: string) => void;
  readonly onReviewAgent: (taskId: string) => void;
  /** Compact lines start expanded for these agents (the preview). */
  readonly openRows?: readonly string[];
}

interface Section {
  readonly id: string;
  readonly label: string;
  /** "2/5 done", "4". */
  readonly count: string;
  readonly agents: readonly AgentState[];
}

function sections(agents: readonly AgentState[], live: boolean): readonly Section[] {
  if (live) {
    return activityGroups(agents).map((g) => ({ id: `activity-${g.id}`, label: g.label, count: String(g.agents.length), agents: g.agents }));
  }
  return PHASES.map((phase) => {
    const inPhase = agents.filter((a) => a.phase === phase);
    const done = inPhase.filter((a) => a.status === 'done').length;
    return { id: `phase-${phase}`, label: PHASE_LABEL[phase], count: `${done}/${inPhase.length} done`, agents: inPhase };
  }).filter((s) => s.agents.length > 0);
}

export function AgentSections(props: AgentSectionsProps) {
  const { agents, live, now, colorOf, stagedOf, checksOf, refusalOf, onCancelAgent, onRetryAgent, onReviewAgent, openRows = [] } = props;
  // In an editor tab there is room for every card: they show as a grid instead of compact lines.
  const wide = useWide();
  const compact = agents.length > COMPACT_AFTER && !wide;
  const cardProps = (a: AgentState): AgentCardProps => {
    const refusal = refusalOf(a);
    const checks = checksOf(a.taskId);
    return {
      agent: a,
      now,
      color: colorOf(a.taskId),
      stagedFiles: stagedOf(a.taskId),
      onCancel: onCancelAgent,
      onRetry: onRetryAgent,
      onReview: onReviewAgent,
      ...(checks ? { checks } : {}),
      ...(refusal ? { refusal } : {}),
    };
  };
  return (
    <>
      {sections(agents, live).map((section) => (
        <section key={section.id} className={`phase ${section.id}`} aria-labelledby={section.id}>
          <h2 id={section.id} className="ui-section-title">
            {section.label} <span className="ui-section-count">{section.count}</span>
          </h2>{' '}
          <div role="list" className={compact ? 'agent-rows' : 'agent-list'} aria-labelledby={section.id}>
            {section.agents.flatMap((a, i) => [
              i > 0 ? ' ' : null,
              compact ? (
                <AgentRow key={a.taskId} {...cardProps(a)} initiallyOpen={openRows.includes(a.taskId)} />
              ) : (
                <AgentCard key={a.taskId} {...cardProps(a)} />
              ),
            ])}
          </div>
        </section>
      ))}
    </>
  );
}
