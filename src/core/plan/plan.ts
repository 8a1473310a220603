/**
 * The plan: which tasks run, in which phase, and which files each one owns. Shapes shared by the
 * router, the planner, the engine, the CLI and the UI.
 *
 * The shapes are defined once, as zod schemas in `planSchema.ts`; this module re-exports their types
 * and holds what needs no zod (the route and phase lists, findings), so the webview can import it.
 */
import type { PlanEdit, Route, TaskSpec } from './planSchema';

export type { Phase, Plan, PlanEdit, Route, TaskSpec } from './planSchema';

/** The phases in the order they run. */
export const PHASES = ['contract', 'implement', 'validate'] as const;

/** trivial: one specialist agent, no planning; moderate: one agent; complex: planned across agents. */
export const ROUTES = ['trivial', 'moderate', 'complex'] as const;

export interface RouteDecision {
  readonly route: Route;
  /** One line: why this route. */
  readonly rationale: string;
  /** True when the user chose the route instead of the classifier. */
  readonly overridden: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

/** One plan lint or validation finding. The `code` is stable (`ownership-overlap`, `dependency-cycle` …). */
export interface PlanFinding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly tasks: readonly string[];
  readonly paths: readonly string[];
  /** A one-click fix, when one exists: the plan it produces. */
  readonly fix?: PlanFix;
}

export interface PlanFix {
  /** Button label: "Give src/index.ts to integration". */
  readonly title: string;
  readonly edits: readonly PlanEdit[];
}

/** A writing task owns files; validators never do. */
export function isWritingTask(task: TaskSpec): boolean {
  return task.phase !== 'validate';
}
