import { strict as assert } from 'node:assert';
import { BUILTIN_MODELS } from '../../../src/core/model/builtinModels';
import type { ModelField } from '../../../src/core/model/modelSpec';
import { builtinModel, DEFAULT_MODEL_TABLE, ModelTable, parseModelOverrides } from '../../../src/core/model/modelTable';
import { shapeRequest } from '../../../src/core/model/requestShape';
import { DEFAULT_MODELS } from '../../../src/core/defaults';

const FIELDS: readonly ModelField[] = [
  'contextWindow',
  'maxOutputTokens',
  'thinking',
  'forcedToolChoice',
  'samplingParameters',
  'prefill',
  'effort',
  'structuredOutputs',
  'compaction',
  'serverFallback',
  'minCacheableTokens',
  'tokenizerFactor',
  'prices',
];

describe('model table', () => {
  it('knows the default models of every role', () => {
    for (const id of Object.values(DEFAULT_MODELS)) {
      assert.equal(DEFAULT_MODEL_TABLE.resolve(id).match, 'exact', id);
    }
  });

  it('cites a documentation page and a date for every figure of the current models', () => {
    for (const spec of BUILTIN_MODELS.filter((m) => /-5-5$|fable-5-1$/.test(m.id))) {
      for (const field of FIELDS) {
        const source = spec.sources[field];
        assert.ok(source !== undefined, `${spec.id}.${field} has no source`);
        assert.match(source.url, /^https:\/\/platform\.claude\.com\/docs\//);
        assert.match(source.checked, /^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('says the current models reject forced tool choice, sampling parameters and prefill (Haiku 5.5 takes forced tools)', () => {
    for (const id of ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-fable-5-1']) {
      const spec = DEFAULT_MODEL_TABLE.resolve(id).spec;
      assert.equal(spec.forcedToolChoice, false, id);
      assert.equal(spec.samplingParameters, false, id);
      assert.equal(spec.prefill, false, id);
      assert.equal(spec.thinking.textBetweenToolsInThinking, true, id);
    }
    assert.equal(DEFAULT_MODEL_TABLE.resolve('claude-haiku-5-5').spec.forcedToolChoice, true);
  });

  it('prices Haiku 5.5 in two tiers split at 100,000 prompt tokens', () => {
    const tiers = DEFAULT_MODEL_TABLE.resolve('claude-haiku-5-5').spec.prices;
    assert.deepEqual(
      tiers.map((t) => [t.upToPromptTokens, t.input, t.output, t.cacheRead]),
      [
        [100_000, 0.1, 0.5, 0.01],
        [null, 0.5, 2.5, 0.05],
      ],
    );
  });

  it('matches dated and provider-prefixed ids by family', () => {
    assert.equal(DEFAULT_MODEL_TABLE.resolve('claude-sonnet-5-5-20261001').spec.id, 'claude-sonnet-5-5');
    assert.equal(DEFAULT_MODEL_TABLE.resolve('anthropic.claude-haiku-5-5').spec.id, 'claude-haiku-5-5');
    // claude-opus-5-5 is not the family of claude-opus-5 (nor the reverse).
    assert.equal(DEFAULT_MODEL_TABLE.resolve('claude-opus-5').spec.id, 'claude-opus-5');
    assert.equal(DEFAULT_MODEL_TABLE.resolve('claude-opus-5-5').spec.id, 'claude-opus-5-5');
  });

  it('matches an id against the built-in table once, and answers every later ask the same', () => {
    for (const id of ['claude-sonnet-5-5', 'claude-sonnet-5-5-20261001', 'claude-next-9']) {
      const first = builtinModel(id);
      assert.equal(builtinModel(id), first, `${id}: the remembered match, not a new one`);
    }
    assert.equal(builtinModel('claude-sonnet-5-5-20261001')?.match, 'family');
    assert.equal(builtinModel('claude-next-9'), undefined);
    // The memo is bounded: hundreds of made-up ids leave every answer right.
    for (let i = 0; i < 600; i += 1) assert.equal(builtinModel(`made-up-${i}`), undefined);
    assert.equal(builtinModel('claude-sonnet-5-5-20261001')?.spec.id, 'claude-sonnet-5-5');
  });

  it('treats an unknown id conservatively and says so', () => {
    const resolved = DEFAULT_MODEL_TABLE.resolve('claude-next-9');
    assert.equal(resolved.match, 'unknown');
    assert.match(resolved.warning ?? '', /does not know model "claude-next-9".*fanout\.modelTable/);
    assert.equal(resolved.spec.forcedToolChoice, false);
    assert.equal(resolved.spec.samplingParameters, false);
    assert.equal(resolved.spec.prefill, false);
    assert.deepEqual(resolved.spec.prices, []);
  });

  it('applies overrides on top of the built-in entry and reports bad ones', () => {
    const { overrides, problems } = parseModelOverrides({
      'claude-sonnet-5-5': { contextWindow: 50_000 },
      'claude-mine': { contextWindow: 100_000, structuredOutputs: true, price: { input: 1, output: 2 } },
      'claude-bad': { contextWindow: 'big' },
      'claude-typo': { contextWindo: 3 },
    });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^claude-bad: contextWindow: /);
    const table = new ModelTable(overrides);
    const sonnet = table.resolve('claude-sonnet-5-5');
    assert.equal(sonnet.match, 'override');
    assert.equal(sonnet.spec.contextWindow, 50_000);
    assert.equal(sonnet.spec.forcedToolChoice, false, 'the rest comes from the built-in entry');
    const mine = table.resolve('claude-mine');
    assert.equal(mine.spec.structuredOutputs, true);
    assert.equal(mine.spec.prices[0].cacheRead, 0.1);
  });
});

describe('request shaping', () => {
  const shape = (id: string, role: 'router' | 'planner' | 'agent' | 'validator', effort: 'default' | 'low' | 'medium' | 'xhigh' = 'default') =>
    shapeRequest(DEFAULT_MODEL_TABLE.resolve(id), {
      role,
      effort,
      maxTokens: 500_000,
      schema: role === 'router' || role === 'planner' ? { type: 'object' } : undefined,
    });

  it('asks agents on the 5.5 models for summarized thinking so progress between tool calls is visible', () => {
    const shaped = shape('claude-sonnet-5-5', 'agent', 'medium');
    assert.deepEqual(shaped.fields.thinking, { type: 'adaptive', display: 'summarized' });
    assert.deepEqual(shaped.fields.output_config, { effort: 'medium' });
    assert.equal(shaped.fields.max_tokens, 128_000, 'capped at the model maximum');
  });

  it('turns thinking off for the router where the model allows it, and never where it does not', () => {
    assert.deepEqual(shape('claude-haiku-5-5', 'router', 'low').fields.thinking, { type: 'disabled' });
    // Haiku 5.5 takes `disabled` only at high effort or below.
    assert.equal(shape('claude-haiku-5-5', 'router', 'xhigh').fields.thinking, undefined);
    assert.deepEqual(shape('claude-sonnet-5-5', 'router', 'low').fields.thinking, { type: 'between_tools' });
    assert.equal(shape('claude-opus-5-5', 'router', 'low').fields.thinking, undefined);
  });

  it('sends structured output formats only to models that take them', () => {
    assert.equal(shape('claude-opus-5-5', 'planner').structured, true);
    assert.deepEqual(shape('claude-opus-5-5', 'planner').fields.output_config, { format: { type: 'json_schema', schema: { type: 'object' } } });
    const unknown = shape('claude-next-9', 'planner', 'low');
    assert.equal(unknown.structured, false);
    assert.equal(unknown.fields.output_config, undefined);
    assert.equal(unknown.fields.thinking, undefined);
    assert.match(unknown.notes.join(' '), /takes no effort setting/);
  });

  it('leaves the model default effort unsent', () => {
    assert.equal(shape('claude-opus-5-5', 'agent', 'medium').fields.output_config, undefined, 'medium is Opus 5.5 default');
  });
});
