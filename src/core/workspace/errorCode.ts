/** The `code` of a Node system error (`ENOENT`, `EEXIST`, `EACCES` …), or undefined when it has none. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
