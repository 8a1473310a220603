/**
 * The fields of `fields` whose value is not `undefined`, for an object with optional properties: with
 * `exactOptionalPropertyTypes` an optional property may be absent but never hold `undefined`, so
 * `{ ...definedFields({ message, path: e.path }) }` sets each one only when it has a value.
 */
export function definedFields<T extends Readonly<Record<string, unknown>>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const defined: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    if (fields[key] !== undefined) defined[key] = fields[key];
  }
  return defined as { [K in keyof T]?: Exclude<T[K], undefined> };
}
