/** The `code` of a Node system error (`ENOENT`, `EEXIST`, `EACCES` …), or undefined when it has none. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Whether a failed look at a path says nothing is there: ENOENT, or ENOTDIR (a file where a folder on the way should be). */
export function isAbsentCode(code: string | undefined): boolean {
  return code === 'ENOENT' || code === 'ENOTDIR';
}
