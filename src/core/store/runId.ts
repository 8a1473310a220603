/**
 * The shape of a run id, as the engine makes them (`newRunId`: `run-<yyyymmdd>-<hhmmss>-<6 hex>`).
 * Anything that names a run from outside the host (the webview's messages) is checked against it, so
 * no path can travel in a run id. Pure: the protocol and the webview import it.
 */
export const RUN_ID_PATTERN = /^run-\d{8}-\d{6}-[0-9a-f]{6}$/;

/** Whether `id` has the shape of a run id the engine makes. */
export function hasRunIdShape(id: string): boolean {
  return RUN_ID_PATTERN.test(id);
}
