/**
 * The router: a cheap model decides whether a request is trivial (one specialist agent, no
 * planning), moderate (one agent that owns the files it names) or complex (planned across parallel
 * agents), with a one-line rationale and the files the request names. A failed or garbled answer is
 * a `RouteError` the user sees; Fanout never falls back to a default route.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { Route, RouteDecision } from '../plan';
import { ForcedToolError, RouteError } from './errors';
import { callForcedTool, toolDefinition } from './forcedTool';
import { normalizeNamedFiles } from './namedFiles';

export const ROUTE_TOOL = 'classify_request';
export const ROUTER_TIMEOUT_MS = 60_000;
const ROUTER_MAX_TOKENS = 1024;
const MAX_RATIONALE = 240;

export const routeAnswerSchema = z.object({
  route: z
    .enum(['trivial', 'moderate', 'complex'])
    .describe('trivial: a small change confined to the files it names; moderate: a focused change one agent can make; complex: several parts that benefit from parallel agents sharing a contract.'),
  rationale: z.string().trim().min(1).describe('One line: why this route.'),
  files: z
    .array(z.string())
    .default([])
    .describe('Workspace-relative paths (or folders ending in "/") the request names explicitly. Empty when it names none; never guess.'),
});

export type RouteAnswer = z.infer<typeof routeAnswerSchema>;

const ROUTE_TOOL_DEFINITION = toolDefinition(ROUTE_TOOL, 'Record how the feature request should be handled.', routeAnswerSchema);

export const ROUTER_SYSTEM = `You route feature requests for Fanout, which can hand a request to one coding agent or split it across several agents working in parallel.
Classify the request with the ${ROUTE_TOOL} tool:
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
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** Classifies a request; throws `RouteError` when the call fails or the answer does not fit. */
export async function classifyRequest(options: ClassifyOptions): Promise<RouteDecision & { readonly files: readonly string[] }> {
  let answer: RouteAnswer;
  try {
    answer = await callForcedTool(
      {
        client: options.client,
        model: options.model,
        modelSetting: 'fanout.models.router',
        system: ROUTER_SYSTEM,
        messages: [{ role: 'user', content: `Feature request:\n${options.request.trim()}` }],
        tool: ROUTE_TOOL_DEFINITION,
        thing: 'route classification',
        maxTokens: ROUTER_MAX_TOKENS,
        timeoutMs: options.timeoutMs ?? ROUTER_TIMEOUT_MS,
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      },
      routeAnswerSchema,
    );
  } catch (error) {
    throw error instanceof ForcedToolError ? RouteError.from(error) : error;
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

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_RATIONALE ? `${line.slice(0, MAX_RATIONALE - 1)}…` : line;
}
