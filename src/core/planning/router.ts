/**
 * The router: a cheap model decides whether a request is trivial (one specialist agent, no
 * planning), moderate (one agent that owns the files it names) or complex (planned across parallel
 * agents), with a one-line rationale and the files the request names. A failed or garbled answer is
 * a `RouteError` the user sees; Fanout never falls back to a default route.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { ResolvedModel } from '../model/modelSpec';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import type { Route, RouteDecision } from '../plan/plan';
import { routeSchema } from '../plan/planSchema';
import { RouteError, StructuredCallError } from './errors';
import { normalizeNamedFiles } from './namedFiles';
import { callStructured } from './structuredCall';
import { definedFields } from '../definedFields';

export const ROUTER_TIMEOUT_MS = 60_000;
/** A one-line classification; room for a little thinking where the model cannot turn it off. */
const ROUTER_MAX_TOKENS = 2048;
const MAX_RATIONALE = 240;

export const routeAnswerSchema = z.object({
  route: routeSchema.describe(
    'trivial: a small change confined to the files it names; moderate: a focused change one agent can make; complex: several parts that benefit from parallel agents sharing a contract.',
  ),
  rationale: z.string().trim().min(1).describe('One line: why this route.'),
  files: z
    .array(z.string())
    .default([])
    .describe('Workspace-relative paths (or folders ending in "/") the request names explicitly. Empty when it names none; never guess.'),
});

export type RouteAnswer = z.infer<typeof routeAnswerSchema>;

/** The router's system prompt begins with this line: the fakes recognise router requests by it. */
export const ROUTER_MARKER = 'You route feature requests for Fanout';

export const ROUTER_SYSTEM = `${ROUTER_MARKER}, which can hand a request to one coding agent or split it across several agents working in parallel.
Classify the request and answer with one JSON object {"route", "rationale", "files"}:
- trivial: a small, local change confined to one or a few files the request names (fix a typo, rename a symbol in a named file, adjust a constant). One specialist agent, no planning.
- moderate: a focused change one agent can make well (a bug fix, a small feature in one area, a refactor of one module). Splitting it would cost more than it saves.
- complex: a feature with several parts (types, logic, UI, API, tests, docs) that can be built in parallel against a shared contract.
When unsure between two routes, pick the smaller one unless the request clearly spans several areas of the codebase.
rationale: one short line a developer can read at a glance.
files: only paths the request itself names; never invent or guess paths.`;

export interface ClassifyOptions {
  readonly client: Anthropic;
  readonly model: string;
  readonly request: string;
  /** Shapes the request for the model (default: the built-in table). */
  readonly modelTable?: ModelTable;
  /** Default `low` (where the model takes it): a classification needs little thought, and on models that allow it thinking is then off. */
  readonly effort?: EffortSetting;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Told when the model id is unknown to the table or a setting cannot be honoured for it. */
  readonly onWarning?: (warning: string) => void;
}

/** Classifies a request; throws `RouteError` when the call fails or the answer does not fit. */
export async function classifyRequest(options: ClassifyOptions): Promise<RouteDecision & { readonly files: readonly string[] }> {
  const model = (options.modelTable ?? DEFAULT_MODEL_TABLE).resolve(options.model);
  let answer: RouteAnswer;
  try {
    answer = await callStructured({
      client: options.client,
      model,
      modelSetting: 'fanout.models.router',
      role: 'router',
      effort: options.effort ?? defaultEffort(model),
      system: ROUTER_SYSTEM,
      messages: [{ role: 'user', content: `Feature request:\n${options.request.trim()}` }],
      schema: routeAnswerSchema,
      thing: 'route classification',
      maxTokens: ROUTER_MAX_TOKENS,
      timeoutMs: options.timeoutMs ?? ROUTER_TIMEOUT_MS,
      ...definedFields({ signal: options.signal, onWarning: options.onWarning }),
    });
  } catch (error) {
    throw error instanceof StructuredCallError ? RouteError.from(error) : error;
  }
  return {
    route: answer.route,
    rationale: oneLine(answer.rationale),
    overridden: false,
    files: normalizeNamedFiles(answer.files),
  };
}

/** The decision with the user's route; the classifier's view stays in the rationale. */
export function withOverride<D extends RouteDecision>(decision: D, route: Route): D {
  if (decision.route === route && !decision.overridden) return decision;
  return { ...decision, route, overridden: true, rationale: `Chosen by the user (the router suggested ${decision.route}: ${decision.rationale})` };
}

/** A decision the user made without a classification call. */
export function userRoute(route: Route): RouteDecision {
  return { route, rationale: 'Chosen by the user.', overridden: true };
}

/** `low` where the model takes it; otherwise its own default (no warning about a setting nobody made). */
function defaultEffort(model: ResolvedModel): EffortSetting {
  return model.spec.effort?.levels.includes('low') === true ? 'low' : 'default';
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_RATIONALE ? `${line.slice(0, MAX_RATIONALE - 1)}…` : line;
}
