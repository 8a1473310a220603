import { PlanValidationError, ResumeError } from '../../core/run/engine';
import type { ModelFailureKind } from '../../core/model/call/kinds';
import { PlanningError, RouteError, StructuredCallError } from '../../core/planning/errors';
import { ResearchInputError } from '../../core/research/researchError';
import { ReviewInputError } from '../../core/review/reviewError';

export interface Failure {
  readonly message: string;
  readonly action?: 'setApiKey';
}

/** A message a person can act on for anything planning, starting or resuming a run can throw. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof RouteError || error instanceof PlanningError || error instanceof StructuredCallError) {
    return error.kind === 'auth' ? { message: error.message, action: 'setApiKey' } : { message: error.message };
  }
  if (error instanceof PlanValidationError || error instanceof ResumeError || error instanceof ReviewInputError || error instanceof ResearchInputError) {
    return { message: error.message };
  }
  return { message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}. See "Fanout: Show Log" for details.` };
}

/**
 * True for an agent that ended on a rejected API key (`agent.finished` with `failure: 'auth'`): the run
 * cannot succeed, so it stops. Decided from the field the engine sets, never from a message's words.
 */
export function isAuthFailure(finished: { readonly failure?: ModelFailureKind }): boolean {
  return finished.failure === 'auth';
}
