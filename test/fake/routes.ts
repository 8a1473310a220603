/** Shared helpers for scripting the fake Messages API against Fanout's own requests. */
import type { LoggedRequest, Route, TurnSource } from './messagesServer';

/** A route answering requests of one task (matched on the unique "Task id: <id>" line of its system prompt). */
export function routeFor(taskId: string, turns: readonly TurnSource[]): Route {
  return { name: taskId, match: `Task id: ${taskId}\n`, turns };
}

/** Every request the fake refused or failed, as "#seq status: why", so an assertion names them. */
export function rejectedRequests(requests: readonly LoggedRequest[]): string[] {
  return requests.filter((r) => r.outcome === 'rejected' || r.status !== 200).map((r) => `#${r.seq} ${r.status}: ${r.rejection ?? r.outcome}`);
}
