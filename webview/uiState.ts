/**
 * UI-only state of the Fanout sidebar, kept with the webview's `setState` so it survives the view
 * being hidden and shown: the composer's picks and whether the history is open.
 * Run state never lives here: it comes from the host.
 */
import { ROUTES as PLAN_ROUTES, type Route } from '../src/core/plan/plan';

export type RouteChoice = 'auto' | Route;

export interface UiState {
  /** Pattern name, or '' to let the planner choose. */
  readonly pattern: string;
  readonly route: RouteChoice;
  readonly historyOpen: boolean;
}

export const defaultUiState: UiState = { pattern: '', route: 'auto', historyOpen: true };

const ROUTES: readonly RouteChoice[] = ['auto', ...PLAN_ROUTES];

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

/** Reads what `getState` returned, keeping only well-formed fields (an older webview may have saved another shape). */
export function parseUiState(saved: unknown): UiState {
  if (!isRecord(saved)) {
    return defaultUiState;
  }
  const route = ROUTES.find((r) => r === saved.route) ?? defaultUiState.route;
  return {
    pattern: typeof saved.pattern === 'string' ? saved.pattern : defaultUiState.pattern,
    route,
    historyOpen: typeof saved.historyOpen === 'boolean' ? saved.historyOpen : defaultUiState.historyOpen,
  };
}
