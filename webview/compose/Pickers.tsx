/** The composer's two choices: which pattern splits the work, and which route the request takes. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { PatternChoice } from '../../src/protocol/messages';
import type { RouteChoice } from '../uiState';
import { patternGroups, patternPick, PLANNER_CHOOSES, ROUTE_CHOICES, selectedPattern, SUGGESTED_BECAUSE } from './composeModel';

/** The picker's badge for a pattern read from CLAUDE.md. */
const CLAUDE_MD_BADGE = 'From your CLAUDE.md';

/**
 * The pattern select, with help under it that `aria-describedby` ties to it: for a pattern, what it
 * is and when to pick it; for "Let the planner choose", how the planner chooses. A pattern selected
 * because the project's CLAUDE.md describes it says so. `value` is `UiState.pattern` (see composeModel).
 */
export function PatternPicker({
  patterns,
  value,
  onChange,
}: {
  readonly patterns: readonly PatternChoice[];
  readonly value: string;
  readonly onChange: (pattern: string) => void;
}) {
  const selection = selectedPattern(value, patterns);
  const selected = patterns.find((p) => p.name === selection.name);
  const fromClaudeMd = selected?.source === 'claude-md';
  const help = [
    ...(selected && selection.suggested ? ['compose-pattern-why'] : []),
    'compose-pattern-help',
    ...(selected && selected.whenToPick.trim() !== '' ? ['compose-pattern-when'] : []),
  ];
  return (
    <div className="field">
      <div className="field-label-row">
        <label className="field-label" htmlFor="compose-pattern">
          Pattern
        </label>
        {fromClaudeMd ? <span className="chip pattern-badge">{CLAUDE_MD_BADGE}</span> : null}
      </div>
      <select
        id="compose-pattern"
        className="ui-select"
        value={selection.name}
        aria-describedby={help.join(' ')}
        onChange={(e) => onChange(patternPick(e.currentTarget.value))}
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
      {selected && selection.suggested ? (
        <p id="compose-pattern-why" className="field-help pattern-why">
          {SUGGESTED_BECAUSE}
        </p>
      ) : null}
      <p id="compose-pattern-help" className="field-help">
        {selected ? selected.description : PLANNER_CHOOSES}
      </p>
      {selected && selected.whenToPick.trim() !== '' ? (
        <p id="compose-pattern-when" className="field-help pattern-when">
          {selected.whenToPick}
        </p>
      ) : null}
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
