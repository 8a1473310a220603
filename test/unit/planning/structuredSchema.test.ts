import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { PHASES, ROUTES } from '../../../src/core/plan/plan';
import { planSchema, taskSpecSchema } from '../../../src/core/plan/planSchema';
import { planAnswerSchema } from '../../../src/core/planning/plannerPrompt';
import { routeAnswerSchema } from '../../../src/core/planning/router';
import { structuredOutputSchema, type JsonSchema } from '../../../src/core/planning/structuredSchema';

/** Keywords structured outputs refuse (minItems is checked apart: 0 and 1 are allowed). */
const UNSUPPORTED = ['$schema', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'maxItems', 'pattern'];

/** Every schema node, with its JSON pointer (property names are not keywords: their values are walked). */
function nodes(schema: JsonSchema, pointer = '#'): [string, JsonSchema][] {
  const out: [string, JsonSchema][] = [[pointer, schema]];
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'properties' || key === '$defs' || key === 'definitions') && typeof value === 'object' && value !== null) {
      for (const [name, child] of Object.entries(value as Record<string, JsonSchema>)) out.push(...nodes(child, `${pointer}/${key}/${name}`));
    } else if ((key === 'anyOf' || key === 'allOf' || key === 'oneOf') && Array.isArray(value)) {
      value.forEach((child: JsonSchema, i) => out.push(...nodes(child, `${pointer}/${key}/${i}`)));
    } else if (key === 'items' && typeof value === 'object' && value !== null) out.push(...nodes(value as JsonSchema, `${pointer}/items`));
  }
  return out;
}

function assertAccepted(schema: JsonSchema): void {
  let objects = 0;
  for (const [pointer, node] of nodes(schema)) {
    for (const keyword of UNSUPPORTED) assert.equal(keyword in node, false, `${keyword} at ${pointer}`);
    if ('minItems' in node) assert.ok(node.minItems === 0 || node.minItems === 1, `minItems ${String(node.minItems)} at ${pointer}`);
    assert.equal('oneOf' in node, false, `oneOf at ${pointer}`);
    if (node.type === 'object' || 'properties' in node) {
      objects += 1;
      assert.equal(node.additionalProperties, false, `additionalProperties at ${pointer}`);
    }
  }
  assert.ok(objects > 0, 'the schema has objects');
}

describe('structured outputs: the JSON schema sent', () => {
  it('the router answer converts to a schema structured outputs accept', () => {
    const schema = structuredOutputSchema(routeAnswerSchema);
    assertAccepted(schema);
    assert.deepEqual(schema.required, ['route', 'rationale', 'files']);
    const rationale = (schema.properties as Record<string, JsonSchema>).rationale;
    assert.match(String(rationale?.description), /^One line: why this route\.\n\n\{minLength: 1\}$/, 'the dropped constraint stays readable for the model');
  });

  it('the planner answer converts to a schema structured outputs accept', () => {
    const schema = structuredOutputSchema(planAnswerSchema);
    assertAccepted(schema);
    const items = ((schema.properties as Record<string, JsonSchema>).tasks as JsonSchema).items as JsonSchema;
    assert.deepEqual((items.properties as Record<string, JsonSchema>).phase?.enum, ['contract', 'implement', 'validate']);
  });

  it("the planner answer is the plan schema's task list, so the model sees the same fields, rules and lists", () => {
    assert.equal(planAnswerSchema.shape.tasks, planSchema.shape.tasks);
    const schema = structuredOutputSchema(planAnswerSchema);
    const items = ((schema.properties as Record<string, JsonSchema>).tasks as JsonSchema).items as JsonSchema;
    const props = items.properties as Record<string, JsonSchema>;
    assert.deepEqual(items.required, ['id', 'title', 'phase', 'role', 'instructions', 'owns', 'reads', 'dependsOn']);
    assert.deepEqual(props.phase?.enum, [...PHASES]);
    assert.match(String(props.id?.description), /^Unique, lowercase kebab-case.*\n\n\{pattern: /s);
    const route = (structuredOutputSchema(routeAnswerSchema).properties as Record<string, JsonSchema>).route;
    assert.deepEqual(route?.enum, [...ROUTES]);
  });

  it('the plan file schema (pattern, minLength, defaults) converts too, its constraints moved to descriptions', () => {
    const schema = structuredOutputSchema(z.object({ tasks: z.array(taskSpecSchema) }));
    assertAccepted(schema);
    const id = ((((schema.properties as Record<string, JsonSchema>).tasks as JsonSchema).items as JsonSchema).properties as Record<string, JsonSchema>).id;
    assert.match(String(id?.description), /pattern: "\^\[a-z0-9\]/);
  });

  it('numbers, counts, unions and formats: unsupported keywords go, supported ones stay', () => {
    const schema = structuredOutputSchema(
      z.object({
        count: z.number().int().min(1).max(9).multipleOf(1),
        tags: z.array(z.string()).min(2).max(5),
        first: z.array(z.string()).min(1),
        either: z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), a: z.string() }), z.object({ kind: z.literal('b'), b: z.string().email() })]),
        when: z.string().datetime(),
        nested: z.strictObject({ deep: z.object({ x: z.string().regex(/^(?=a)/) }) }),
      }),
    );
    assertAccepted(schema);
    const props = schema.properties as Record<string, JsonSchema>;
    assert.equal(props.first?.minItems, 1);
    assert.equal(props.tags?.minItems, undefined);
    assert.equal(props.when?.format, 'date-time');
    assert.ok(Array.isArray(props.either?.anyOf), 'oneOf becomes anyOf');
  });

  it('an open object (a record) cannot be expressed and says where', () => {
    assert.throws(
      () => structuredOutputSchema(z.object({ map: z.record(z.string(), z.string()) })),
      /open objects \(additionalProperties\) at #\/properties\/map/,
    );
  });
});
