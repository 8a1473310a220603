/**
 * Errors of the planning stage. Each one carries a message a person can act on and a stable `kind`
 * the UI and the CLI can branch on; none is ever replaced by a silent default.
 */
import type { ModelFailureKind } from '../model/call/kinds';
import type { PlanFinding } from '../plan/plan';

/**
 * Why a structured call (router or planner) did not produce a usable answer: a failed request, in the
 * one vocabulary every model call shares, or an answer that could not be used.
 */
export type ModelCallFailure =
  | ModelFailureKind
  /** The answer held no parseable JSON object. */
  | 'no-json'
  /** Cut off by the output limit or the context window before the answer was complete. */
  | 'truncated'
  | 'refused'
  /** JSON that does not fit the answer's schema. */
  | 'invalid-answer';

/** A structured call failed: the API refused it, it timed out, or the answer was not usable. */
export class StructuredCallError extends Error {
  constructor(
    readonly kind: ModelCallFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StructuredCallError';
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

  static from(error: StructuredCallError): RouteError {
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

  static from(error: StructuredCallError, what: string): PlanningError {
    return new PlanningError(error.kind, `Could not ${what}: ${error.message}`, [], [], error.status);
  }
}
