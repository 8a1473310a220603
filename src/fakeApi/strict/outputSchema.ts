/**
 * Structured outputs (`output_config.format`) and strict tools: the model must take them, and their
 * JSON schemas must stay inside the supported subset. The API answers an unsupported schema with "a 400
 * error with details" whose wording is not published; these messages name the keyword and the path.
 * https://platform.claude.com/docs/en/build-with-claude/structured-outputs
 */
import type { JsonObject, JsonValue } from '../script';
import { invalid, isObject, isSet, show, type RequestRejection } from './rejection';
import type { RequestView } from './requestView';

/** Keywords the structured-outputs grammar does not support ("Not supported" in the docs). */
const UNSUPPORTED = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'maxItems'];

/** Lookaround, backreferences, `\b` and `\B` are not supported in `pattern`. */
const UNSUPPORTED_PATTERN = /\(\?<?[=!]|\\[1-9]|\\k<|\\[bB]/;

/** "20 strict tools per request" (Limits). */
const MAX_STRICT_TOOLS = 20;

/** Schema keywords whose values are schemas (or lists / maps of schemas) the walk descends into. */
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties'];
const SCHEMA_LISTS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'];
const SCHEMA_VALUES = ['items', 'not', 'if', 'then', 'else', 'contains'];

export function checkOutputFormat(view: RequestView): RequestRejection | null {
  const config = view.body.output_config;
  if (!isObject(config) || !isSet(config.format)) return null;
  const format = config.format;
  if (!view.spec.structuredOutputs) return invalid('output_config.format: structured outputs are not supported for this model.');
  if (!isObject(format)) return invalid('output_config.format: Input should be a valid dictionary');
  if (format.type !== 'json_schema') return invalid(`output_config.format.type: Input should be 'json_schema'`);
  if (!isObject(format.schema)) return invalid('output_config.format.schema: Field required');
  const last = view.messages[view.messages.length - 1];
  if (last.role === 'assistant') return invalid('output_config.format: structured outputs are not compatible with assistant message prefill.');
  return checkSchema(format.schema, 'output_config.format.schema');
}

/**
 * A tool with `strict: true` gets the same schema limits; the model must take structured outputs.
 * https://platform.claude.com/docs/en/build-with-claude/structured-outputs (Strict tool use)
 */
export function checkStrictTools(view: RequestView): RequestRejection | null {
  const tools = view.body.tools;
  if (!Array.isArray(tools)) return null;
  let strict = 0;
  for (const [index, tool] of tools.entries()) {
    if (!isObject(tool) || tool.strict !== true) continue;
    strict += 1;
    if (!view.spec.structuredOutputs) return invalid(`tools.${index}.strict: strict tool use is not supported for this model.`);
    if (strict > MAX_STRICT_TOOLS) return invalid(`tools: at most ${MAX_STRICT_TOOLS} tools may set \`strict\` in one request.`);
    if (isObject(tool.input_schema)) {
      const rejection = checkSchema(tool.input_schema, `tools.${index}.input_schema`);
      if (rejection !== null) return rejection;
    }
  }
  return null;
}

/** Checks a whole schema; `field` names where it sits in the request. */
export function checkSchema(root: JsonObject, field: string): RequestRejection | null {
  const problem = walk(root, '#', [], root);
  return problem === null ? null : invalid(`${field}: ${problem}`);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function resolvePointer(root: JsonObject, pointer: string): JsonValue | undefined {
  if (pointer === '#') return root;
  let node: JsonValue | undefined = root;
  for (const raw of pointer.slice(2).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

function isObjectSchema(node: JsonObject): boolean {
  const type = node.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || isObject(node.properties);
}

/**
 * Returns what is wrong at `pointer` or below. `ancestors` holds the pointers of every schema that
 * contains this one, by nesting or through a `$ref` followed to get here: a `$ref` to one of them is a
 * recursive schema.
 */
function walk(node: JsonValue, pointer: string, ancestors: readonly string[], root: JsonObject): string | null {
  if (!isObject(node)) return null;
  const keyword = UNSUPPORTED.find((key) => key in node);
  if (keyword !== undefined) return `"${keyword}" is not supported (at ${pointer})`;
  if ('minItems' in node && node.minItems !== 0 && node.minItems !== 1) {
    return `"minItems" ${show(node.minItems)} is not supported; only 0 or 1 are (at ${pointer})`;
  }
  if (isObjectSchema(node) && node.additionalProperties !== false) {
    return `"additionalProperties" must be set to false for every object (at ${pointer})`;
  }
  if (typeof node.pattern === 'string' && UNSUPPORTED_PATTERN.test(node.pattern)) {
    return `"pattern" with lookaround, backreferences, \\b or \\B is not supported (at ${pointer})`;
  }
  const inside = [...ancestors, pointer];
  const ref = node.$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#')) return `external "$ref" ${show(ref)} is not supported (at ${pointer})`;
    if (inside.includes(ref) || ref === '#')
      return `recursive schemas are not supported: "$ref" ${show(ref)} points at a schema that contains it (at ${pointer})`;
    const target = resolvePointer(root, ref);
    if (target === undefined) return `"$ref" ${show(ref)} does not resolve (at ${pointer})`;
    const problem = walk(target, ref, inside, root);
    if (problem !== null) return problem;
  }
  for (const [key, child] of Object.entries(node)) {
    const at = `${pointer}/${escapePointer(key)}`;
    let problem: string | null = null;
    if (SCHEMA_MAPS.includes(key) && isObject(child)) {
      for (const [name, value] of Object.entries(child)) {
        problem ??= walk(value, `${at}/${escapePointer(name)}`, [...inside, at], root);
      }
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(child)) {
      child.forEach((value, index) => {
        problem ??= walk(value, `${at}/${index}`, [...inside, at], root);
      });
    } else if (SCHEMA_VALUES.includes(key)) {
      problem = Array.isArray(child)
        ? child.reduce<string | null>((found, value, index) => found ?? walk(value, `${at}/${index}`, [...inside, at], root), null)
        : walk(child, at, inside, root);
    }
    if (problem !== null) return problem;
  }
  return null;
}
