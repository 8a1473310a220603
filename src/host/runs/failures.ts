import { PlanValidationError } from '../../core/engine';
import { PlanningError, RouteError, StructuredCallError } from '../../core/planning/errors';

export interface Failure {
  readonly message: string;
  readonly action?: 'setApiKey';
}

/** A message a person can act on for anything planning or starting a run can throw. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof RouteError || error instanceof PlanningError || error instanceof StructuredCallError) {
    return error.kind === 'auth' ? { message: error.message, action: 'setApiKey' } : { message: error.message };
  }
  if (error instanceof PlanValidationError) {
    return { message: error.message };
  }
  return { message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}. See "Fanout: Show Log" for details.` };
}

/** True for an agent failure caused by a rejected API key: the run cannot succeed, so it stops. */
export function isAuthFailure(message: string | undefined): boolean {
  return message !== undefined && /\(401\)/.test(message);
}
