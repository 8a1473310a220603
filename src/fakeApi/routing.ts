/** Routes each request to a script by its content, with one cursor per route. */
import type { JsonValue, LoggedRequest, Route, RouteMatch, TurnSource } from './script';

export type Routed =
  | { readonly kind: 'turn'; readonly route: string; readonly turnIndex: number; readonly source: TurnSource }
  | { readonly kind: 'unmatched' }
  | { readonly kind: 'exhausted'; readonly route: string; readonly turns: number };

interface RouteState {
  readonly route: Route;
  readonly name: string;
  cursor: number;
}

export class ScriptRouter {
  #states: RouteState[] = [];

  constructor(routes: readonly Route[] = []) {
    this.replace(routes);
  }

  /** Replaces every route and resets all cursors. */
  replace(routes: readonly Route[]): void {
    this.#states = routes.map((route, index) => ({ route, name: route.name ?? `route${index}`, cursor: 0 }));
  }

  /** Picks the first route whose match accepts the request and advances its cursor. */
  next(request: LoggedRequest): Routed {
    const state = this.#states.find((candidate) => matches(candidate.route.match, request));
    if (state === undefined) {
      return { kind: 'unmatched' };
    }
    const { turns } = state.route;
    let turnIndex = state.cursor;
    if (turnIndex >= turns.length) {
      if (state.route.onExhausted !== 'repeatLast' || turns.length === 0) {
        return { kind: 'exhausted', route: state.name, turns: turns.length };
      }
      turnIndex = turns.length - 1;
    }
    state.cursor += 1;
    return { kind: 'turn', route: state.name, turnIndex, source: turns[turnIndex] };
  }
}

export function matches(match: RouteMatch, request: LoggedRequest): boolean {
  if (typeof match === 'string') {
    return request.matchText.includes(match);
  }
  if (typeof match === 'function') {
    return match(request);
  }
  const pattern = match instanceof RegExp ? match : new RegExp(match.regex, match.flags);
  pattern.lastIndex = 0;
  return pattern.test(request.matchText);
}

/** Keys whose values are structure or opaque tokens (signatures are random base64), not conversation text. */
const SKIPPED_KEYS = new Set(['role', 'type', 'cache_control', 'signature', 'encrypted_content']);

/**
 * Every string inside `system` and `messages` (except under `role`, `type`, `cache_control` and the
 * opaque `signature` and `encrypted_content`), in order, joined by '\n'.
 */
export function matchTextOf(body: { readonly [key: string]: JsonValue } | null): string {
  if (body === null) {
    return '';
  }
  const strings: string[] = [];
  collectStrings(body.system ?? null, strings);
  collectStrings(body.messages ?? null, strings);
  return strings.join('\n');
}

function collectStrings(value: JsonValue, out: string[]): void {
  if (typeof value === 'string') {
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      collectStrings(item, out);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!SKIPPED_KEYS.has(key)) {
        collectStrings(item, out);
      }
    }
  }
}
