/**
 * The fields of `fields` whose value is not `undefined`. Fanout keeps optional fields absent rather
 * than `undefined`: events and run files stay clean JSON, a deep equality sees no stray keys, and a
 * spread never overwrites an earlier value with `undefined`. So
 * `{ ...state, ...definedFields({ message, path: e.path }) }` sets each one only when it has a value.
 */
export function definedFields<T extends Readonly<Record<string, unknown>>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const defined: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    if (fields[key] !== undefined) defined[key] = fields[key];
  }
  return defined as { [K in keyof T]?: Exclude<T[K], undefined> };
}
