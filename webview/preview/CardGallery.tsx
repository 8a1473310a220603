/** Every agent-card state side by side (queued to cancelled, unknown and partial cost), for the preview page. */
import type { AgentState } from '../../src/core/run/runState';
import { AgentCard } from '../run/AgentCard';
import { ownerColor } from '../run/palette';
import { FIXTURE_T0, fixtureState } from './fixtureState';

const noop = (): void => undefined;

function variants(now: number): readonly AgentState[] {
  const base = fixtureState.agents.component;
  if (!base) return [];
  const ended = { ...base, endedAt: now - 2_000, activeMs: 41_200 };
  const { doing: _doing, ...idle } = ended;
  return [
    fixtureState.agents.integration ?? base,
    base,
    fixtureState.agents.hooks ?? base,
    {
      ...idle,
      taskId: 'docs',
      role: 'Config/docs',
      title: 'Docs and changelog',
      status: 'blocked',
      startedAt: undefined,
      activeMs: 0,
      reason: 'dependency',
      message: 'Its dependency component failed',
      turns: 0,
      textTail: '',
      deniedWrites: 0,
    },
    { ...idle, status: 'done', summary: 'ProfilePage and ProfileForm render the profile with an Edit button; field errors show under each field.' },
    {
      ...idle,
      taskId: 'api',
      role: 'API routes',
      title: 'Profile API routes',
      status: 'failed',
      reason: 'error',
      message: 'The model kept writing outside its files after 3 denials; stopped.',
      deniedWrites: 3,
    },
    { ...idle, taskId: 'flags', role: 'Config', title: 'Feature flag', status: 'cancelled', reason: 'cancelled', costKnown: false, costUsd: 0 },
    {
      ...idle,
      taskId: 'mixed',
      role: 'Component',
      title: 'Avatar upload',
      status: 'done',
      costKnown: false,
      summary: 'Avatar upload with preview; one turn used an unpriced model.',
    },
  ];
}

export function CardGallery({ now }: { readonly now: number }) {
  return (
    <main className="run-view">
      <h2 className="ui-section-title">Agent card states · {new Date(FIXTURE_T0).toISOString().slice(0, 10)}</h2>
      <div role="list" className="agent-list">
        {variants(now).map((agent, i) => (
          <AgentCard
            key={`${agent.taskId}-${i}`}
            agent={agent}
            now={now}
            color={ownerColor(i)}
            stagedFiles={agent.status === 'done' ? 2 : agent.status === 'failed' ? 1 : 0}
            onCancel={noop}
            onRetry={noop}
            onReview={noop}
          />
        ))}
      </div>
    </main>
  );
}
