/** The composer's two choices: which pattern splits the work, and which route the request takes. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { PatternChoice } from '../../src/protocol/messages';
import type { RouteChoice } from '../uiState';
import { patternGroups, ROUTE_CHOICES } from './composeModel';

const PLANNER_CHOOSES = 'The planner picks the roles that fit the request.';

export function PatternPicker({
  patterns,
  value,
  onChange,
}: {
  readonly patterns: readonly PatternChoice[];
  readonly value: string;
  readonly onChange: (pattern: string) => void;
}) {
  const selected = patterns.find((p) => p.name === value);
  return (
    <div className="field">
      <label className="field-label" htmlFor="compose-pattern">
        Pattern
      </label>
      <select
        id="compose-pattern"
        className="ui-select"
        value={selected ? selected.name : ''}
        aria-describedby="compose-pattern-help"
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">Let the planner choose</option>
        {patternGroups(patterns).map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.patterns.map((p) => (
              <option key={p.name} value={p.name}>
                {p.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p id="compose-pattern-help" className="field-help">
        {selected ? selected.description : PLANNER_CHOOSES}
      </p>
    </div>
  );
}

/** A segmented radio group: arrow keys move between routes, the focus ring shows on the segment. */
export function RoutePicker({ value, onChange }: { readonly value: RouteChoice; readonly onChange: (route: RouteChoice) => void }) {
  const help = ROUTE_CHOICES.find((r) => r.value === value)?.help;
  return (
    <fieldset className="field segmented-field" aria-describedby="compose-route-help">
      <legend className="field-label">Route</legend>
      <div className="segmented">
        {ROUTE_CHOICES.map((r) => (
          <label key={r.value} className="segment">
            <input type="radio" name="compose-route" value={r.value} checked={value === r.value} onChange={() => onChange(r.value)} />
            <span>{r.label}</span>
          </label>
        ))}
      </div>
      <p id="compose-route-help" className="field-help">
        {help}
      </p>
    </fieldset>
  );
}
