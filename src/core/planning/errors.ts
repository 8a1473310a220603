/**
 * Errors of the planning stage. Each one carries a message a person can act on and a stable `kind`
 * the UI and the CLI can branch on; none is ever replaced by a silent default.
 */
import type { PlanFinding } from '../plan';

/** Why a forced tool call (router or planner) did not produce a usable answer. */
export type ModelCallFailure =
  | 'auth'
  | 'permission'
  | 'not-found'
  | 'rate-limited'
  | 'overloaded'
  | 'server-error'
  | 'bad-request'
  | 'connection'
  | 'timeout'
  | 'cancelled'
  | 'no-tool-call'
  | 'truncated'
  | 'refused'
  | 'invalid-answer';

/** A forced tool call failed: the API refused it, it timed out, or the answer was not usable. */
export class ForcedToolError extends Error {
  constructor(
    readonly kind: ModelCallFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ForcedToolError';
  }
}

/** The request could not be classified. The user sees this; there is no default route. */
export class RouteError extends Error {
  constructor(
    readonly kind: ModelCallFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RouteError';
  }

  static from(error: ForcedToolError): RouteError {
    return new RouteError(error.kind, `Could not classify the request: ${error.message}`, error.status);
  }
}

export type PlanningFailure = ModelCallFailure | 'empty-request' | 'no-files' | 'unknown-pattern' | 'invalid-plan';

/** No plan could be made. `problems` lists what was wrong (schema errors, validation messages). */
export class PlanningError extends Error {
  constructor(
    readonly kind: PlanningFailure,
    message: string,
    readonly problems: readonly string[] = [],
    readonly findings: readonly PlanFinding[] = [],
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PlanningError';
  }

  static from(error: ForcedToolError, what: string): PlanningError {
    return new PlanningError(error.kind, `Could not ${what}: ${error.message}`, [], [], error.status);
  }
}
