import * as assert from 'node:assert/strict';
import { reply } from '../../fake/messagesServer';
import { ask, rejects400, send, useHarness } from './strictHarness';

const MODEL = 'claude-sonnet-5-5';

/** A schema Fanout could send: nested objects, a shared definition, an enum, minItems 1. */
function validSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['route', 'tasks'],
    properties: {
      route: { type: 'string', enum: ['trivial', 'moderate', 'complex'] },
      tasks: { type: 'array', minItems: 1, items: { $ref: '#/$defs/task' } },
    },
    $defs: {
      task: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: { type: 'string', pattern: '^[a-z]+$' }, owns: { type: 'array', items: { type: 'string' } } },
      },
    },
  };
}

function withFormat(schema: Record<string, unknown>, model = MODEL) {
  return ask(model, 'Route this request.', { output_config: { format: { type: 'json_schema', schema } } });
}

describe('strict fake Messages API: structured outputs', () => {
  const harness = useHarness();

  it('answers a valid schema with the scripted JSON text as is', async () => {
    harness().api.setHandler(reply(['{"route":"trivial","tasks":[{"id":"a"}]}']));
    const message = await send(harness().client, withFormat(validSchema()));
    const text = message.content.find((block) => block.type === 'text');
    assert.deepEqual(JSON.parse(text?.type === 'text' ? text.text : ''), { route: 'trivial', tasks: [{ id: 'a' }] });
  });

  it('rejects output_config.format on a model without structured outputs', async () => {
    await rejects400(
      send(harness().client, withFormat(validSchema(), 'some-unknown-model')),
      'output_config.format: structured outputs are not supported for this model.',
    );
  });

  it('requires additionalProperties: false on every object, naming the path', async () => {
    const schema = validSchema();
    const defs = schema.$defs as Record<string, Record<string, unknown>>;
    delete defs.task.additionalProperties;
    await rejects400(
      send(harness().client, withFormat(schema)),
      'output_config.format.schema: "additionalProperties" must be set to false for every object (at #/$defs/task)',
    );
    await rejects400(
      send(harness().client, withFormat({ type: 'object', properties: {}, additionalProperties: true })),
      'output_config.format.schema: "additionalProperties" must be set to false for every object (at #)',
    );
  });

  it('rejects each unsupported keyword with its name and path', async () => {
    for (const keyword of ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'maxItems']) {
      const schema = { type: 'object', additionalProperties: false, properties: { title: { type: 'string', [keyword]: 3 } } };
      await rejects400(send(harness().client, withFormat(schema)), `output_config.format.schema: "${keyword}" is not supported (at #/properties/title)`);
    }
    const minItems = { type: 'object', additionalProperties: false, properties: { tags: { type: 'array', items: { type: 'string' }, minItems: 2 } } };
    await rejects400(
      send(harness().client, withFormat(minItems)),
      'output_config.format.schema: "minItems" 2 is not supported; only 0 or 1 are (at #/properties/tags)',
    );
    const lookahead = { type: 'object', additionalProperties: false, properties: { id: { type: 'string', pattern: '^(?=a)[a-z]+$' } } };
    await rejects400(
      send(harness().client, withFormat(lookahead)),
      'output_config.format.schema: "pattern" with lookaround, backreferences, \\b or \\B is not supported (at #/properties/id)',
    );
  });

  it('rejects recursive schemas, direct and through another definition', async () => {
    const direct = {
      type: 'object',
      additionalProperties: false,
      properties: { root: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', additionalProperties: false, properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
    };
    await rejects400(
      send(harness().client, withFormat(direct)),
      'output_config.format.schema: recursive schemas are not supported: "$ref" "#/$defs/node" points at a schema that contains it (at #/$defs/node/properties/children/items)',
    );
    const indirect = {
      type: 'object',
      additionalProperties: false,
      properties: { a: { $ref: '#/$defs/a' } },
      $defs: {
        a: { type: 'object', additionalProperties: false, properties: { b: { $ref: '#/$defs/b' } } },
        b: { type: 'object', additionalProperties: false, properties: { a: { $ref: '#/$defs/a' } } },
      },
    };
    await rejects400(
      send(harness().client, withFormat(indirect)),
      /^output_config\.format\.schema: recursive schemas are not supported: "\$ref" "#\/\$defs\/a"/,
    );
  });

  it('applies the same limits to strict tools', async () => {
    const tool = (schema: Record<string, unknown>) => ({ name: 'count', strict: true, input_schema: { type: 'object' as const, ...schema } });
    await rejects400(
      send(harness().client, ask(MODEL, 'hi', { tools: [tool({ additionalProperties: false, properties: { n: { type: 'integer', minimum: 0 } } })] })),
      'tools.0.input_schema: "minimum" is not supported (at #/properties/n)',
    );
    await send(harness().client, ask(MODEL, 'hi', { tools: [tool({ additionalProperties: false, properties: { n: { type: 'integer' } } })] }));
  });
});
