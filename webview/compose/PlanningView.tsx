/** Fanout's stage between Distribute and plan review: routing, then planning, with the request shown. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { WebviewToHost } from '../../src/protocol/messages';
import { useStageFocus } from '../useStageFocus';

export interface PlanningViewProps {
  readonly request: string;
  readonly step: 'routing' | 'planning';
  readonly post: (message: WebviewToHost) => void;
}

const STEPS = [
  { step: 'routing', label: 'Routing the request…', done: 'Routed' },
  { step: 'planning', label: 'Planning the tasks…', done: 'Planned' },
] as const;

export function PlanningView({ request, step, post }: PlanningViewProps) {
  const heading = useStageFocus<HTMLHeadingElement>();
  const current = STEPS.findIndex((s) => s.step === step);
  const label = STEPS[current]?.label ?? '';
  return (
    <main className="stage planning" aria-labelledby="planning-title" aria-busy="true">
      <h1 id="planning-title" className="stage-title" ref={heading} tabIndex={-1}>
        {label}
      </h1>
      <div className="progress-bar" role="progressbar" aria-label={label} aria-valuetext={label}>
        <div className="progress-bar-fill" />
      </div>
      <ol className="planning-steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li
            key={s.step}
            className={i < current ? 'step-done' : i === current ? 'step-current' : 'step-next'}
            aria-current={i === current ? 'step' : undefined}
          >
            {i < current ? s.done : s.label.replace('…', '')}
          </li>
        ))}
        <li className="step-next">Review the plan</li>
      </ol>
      <section className="request-quote" aria-label="Request">
        <p>{request}</p>
      </section>
      <div className="button-row">
        <button type="button" className="ui-button secondary" onClick={() => post({ type: 'backToCompose' })}>
          Cancel
        </button>
      </div>
    </main>
  );
}
