/**
 * The JSON schema a structured answer is asked for with, derived from its zod schema (zod stays the
 * one source of the shape). Structured outputs accept only part of JSON Schema: every object needs
 * `additionalProperties: false`, and the length, range, count and pattern keywords are refused with a
 * 400. Those are moved into the description, where the model still reads them; zod checks them after
 * parsing, so nothing is lost by not sending them as keywords.
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Keywords kept as they are (their values are not schemas). */
const KEPT = new Set(['type', 'enum', 'const', 'required', 'description', 'title', 'default', '$ref']);
/** Keywords dropped without a trace: they constrain nothing. */
const DROPPED = new Set(['$schema', '$id', '$comment', 'examples']);
/** String formats structured outputs accept (others go into the description). */
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid']);

/** Keywords whose value is a map of name -> schema. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'definitions']);
/** Keywords whose value is a list of schemas (`oneOf` becomes `anyOf`: zod still checks exclusivity). */
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf']);

/** The schema to send as `output_config.format.schema` (and to quote to a model without structured outputs). */
export function structuredOutputSchema(schema: z.ZodType): JsonSchema {
  return convert(z.toJSONSchema(schema, { io: 'output' }), '#');
}

function convert(node: JsonSchema, path: string): JsonSchema {
  const out: JsonSchema = {};
  const moved: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (KEPT.has(key)) out[key] = value;
    else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, asSchema(child, `${path}/${key}/${name}`)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key === 'oneOf' ? 'anyOf' : key] = value.map((child, index) => asSchema(child, `${path}/${key}/${index}`));
    } else if (key === 'items' && isObject(value)) out.items = convert(value, `${path}/items`);
    else if (key === 'additionalProperties') {
      // A schema here is a record (any key): structured outputs cannot say that.
      if (value !== false) throw new Error(`structured outputs cannot express open objects (additionalProperties) at ${path}`);
    } else if (key === 'minItems' && (value === 0 || value === 1)) out.minItems = value;
    else if (key === 'format' && typeof value === 'string' && FORMATS.has(value)) out.format = value;
    else moved.push(`${key}: ${JSON.stringify(value)}`);
  }
  if (out.type === 'object' || out.properties !== undefined) out.additionalProperties = false;
  if (moved.length > 0) {
    const note = `{${moved.join(', ')}}`;
    out.description = typeof out.description === 'string' && out.description !== '' ? `${out.description}\n\n${note}` : note;
  }
  return out;
}

function asSchema(value: unknown, path: string): JsonSchema {
  if (!isObject(value)) throw new Error(`expected a schema at ${path}`);
  return convert(value, path);
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
