/**
 * The plan: which tasks run, in which phase, and which files each one owns. Shapes shared by the
 * router, the planner, the engine, the CLI and the UI.
 */

export type Phase = 'contract' | 'implement' | 'validate';
export const PHASES: readonly Phase[] = ['contract', 'implement', 'validate'];

export type Route = 'trivial' | 'moderate' | 'complex';

export interface TaskSpec {
  /** Unique within the plan; kebab-case (`types`, `api-routes`). */
  readonly id: string;
  readonly title: string;
  readonly phase: Phase;
  /** What kind of work (Types, Component, Tests, Integration, Security review …). */
  readonly role: string;
  /** Exact files, signatures and output format the task must produce. */
  readonly instructions: string;
  /** Workspace-relative paths or globs the task may create, modify or delete. Validators own nothing. */
  readonly owns: readonly string[];
  /** Context hints: paths or globs worth reading first. */
  readonly reads: readonly string[];
  /** Ids of tasks that must finish before this one starts. */
  readonly dependsOn: readonly string[];
  /** Model override for this task; otherwise the role's configured default. */
  readonly model?: string;
}

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

/** Plan edits, used by lint fixes and by the user in plan review. */
export type PlanEdit =
  | { readonly kind: 'moveOwnership'; readonly path: string; readonly from: string; readonly to: string }
  | { readonly kind: 'removeTask'; readonly taskId: string }
  | { readonly kind: 'mergeTasks'; readonly into: string; readonly from: readonly string[] }
  | { readonly kind: 'addTask'; readonly task: TaskSpec }
  | { readonly kind: 'addDependency'; readonly taskId: string; readonly dependsOn: string }
  | { readonly kind: 'setModel'; readonly taskId: string; readonly model: string | undefined };

export interface Plan {
  readonly id: string;
  readonly request: string;
  readonly route: Route;
  readonly pattern?: string;
  readonly tasks: readonly TaskSpec[];
  /** Findings from validation and lint, recomputed whenever the plan changes. */
  readonly lint: readonly PlanFinding[];
}

/** A writing task owns files; validators never do. */
export function isWritingTask(task: TaskSpec): boolean {
  return task.phase !== 'validate';
}
