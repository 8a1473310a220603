/** The route the request took, why, and a way to plan it again on another route. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useState } from 'react';
import type { Route, RouteDecision } from '../../src/core/plan/plan';
import { ROUTE_LABEL, ROUTES } from './reviewModel';

export function RouteSection({ decision, onChange }: { readonly decision: RouteDecision; readonly onChange: (route: Route) => void }) {
  const [choice, setChoice] = useState<Route>(decision.route);
  const same = choice === decision.route;
  return (
    <section className="review-section review-route" aria-labelledby="review-route-title">
      <h2 id="review-route-title" className="ui-section-title">
        Route
      </h2>
      <p className="review-route-line">
        <span className={`route-badge route-${decision.route}`}>{ROUTE_LABEL[decision.route]}</span>
        <span className="review-none">{decision.overridden ? 'chosen by you' : 'chosen by the router'}</span>
      </p>
      <p className="review-rationale">{decision.rationale}</p>
      <div className="inline-form">
        <label className="review-key" htmlFor="review-route">
          Change route
        </label>
        <select
          id="review-route"
          className="ui-select"
          value={choice}
          onChange={(e) => setChoice(ROUTES.find((r) => r === e.currentTarget.value) ?? decision.route)}
        >
          {ROUTES.map((r) => (
            <option key={r} value={r}>
              {ROUTE_LABEL[r]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="ui-button secondary small"
          aria-disabled={same}
          title={same ? 'Pick another route first' : undefined}
          onClick={() => !same && onChange(choice)}
        >
          Plan again
        </button>
      </div>
    </section>
  );
}
