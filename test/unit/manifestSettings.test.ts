/**
 * The settings of the manifest (package.json) against the code: they are exactly the ones `readSettings`
 * reads, with defaults equal to the code's and types the code takes.
 */
import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { EFFORT_SETTINGS } from '../../src/core/defaults';
import type * as SettingsModule from '../../src/host/settings';
import { configValues, keysRead, manifest, matches, type Setting, settings, useHostModules } from './manifestFixtures';

let settingsModule: typeof SettingsModule;

/** A model id no built-in entry covers, so a `fanout.modelTable` entry for it shows in `resolve`. */
const PROBE_MODEL = 'claude-manifest-probe';

/** `readSettings()` with the given values set, in a form `deepStrictEqual` can compare (the model table keeps its entries private). */
function readWith(values: Readonly<Record<string, unknown>>) {
  configValues.clear();
  for (const [id, value] of Object.entries(values)) configValues.set(id, value);
  const read = settingsModule.readSettings();
  return { ...read, modelTable: read.modelTable.resolve(PROBE_MODEL) };
}

const schemaFragment = z.object({
  type: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
  minimum: z.number().optional(),
  items: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).default({}),
  required: z.array(z.string()).default([]),
});

/** A value valid by a JSON schema fragment of the manifest (its required fields, else its first one). */
function sampleOf(schema: unknown): unknown {
  const s = schemaFragment.parse(schema ?? {});
  if (s.enum !== undefined) return s.enum[0];
  if (s.type === 'number' || s.type === 'integer') return Math.max(1, s.minimum ?? 1);
  if (s.type === 'boolean') return true;
  if (s.type === 'string') return 'sample';
  if (s.type === 'array') return [sampleOf(s.items)];
  const names = s.required.length > 0 ? s.required : Object.keys(s.properties).slice(0, 1);
  return Object.fromEntries(names.map((name) => [name, sampleOf(s.properties[name])]));
}

/** A value of the setting's own type that is not its default. */
function otherValue(spec: Setting): unknown {
  switch (spec.type) {
    case 'boolean':
      return spec.default !== true;
    case 'integer':
    case 'number': {
      const base = z.number().parse(spec.default);
      return spec.maximum !== undefined && base + 1 > spec.maximum ? base - 1 : base + 1;
    }
    case 'string':
      return spec.enum?.find((v) => v !== spec.default) ?? `${z.string().parse(spec.default)}changed`;
    case 'object':
      return { [PROBE_MODEL]: sampleOf(spec.additionalProperties) };
    case 'array':
      // An empty list is the other value of a list that has entries by default; else one entry.
      return Array.isArray(spec.default) && spec.default.length > 0 ? [] : [sampleOf(spec.items)];
  }
}

describe('manifest (package.json) against the code', () => {
  useHostModules((modules) => {
    settingsModule = modules.settingsModule;
  });

  describe('settings', () => {
    it('are all named fanout.*, and restricted settings exist', () => {
      for (const id of Object.keys(settings)) assert.match(id, /^fanout\./);
      for (const id of manifest.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(id in settings, id);
    });

    it('are exactly the keys readSettings reads, from the fanout section only', () => {
      keysRead.clear();
      readWith({});
      assert.deepEqual([...keysRead].sort(), Object.keys(settings).sort());
      assert.deepEqual(matches(/getConfiguration\(\s*([^)]*)\)/g), ["'fanout'"], 'settings are read in one place, src/host/settings.ts');
    });

    it('have defaults of their declared type, inside their bounds and enum', () => {
      for (const [id, spec] of Object.entries(settings)) {
        const value = spec.default;
        const kind = spec.type === 'integer' ? 'number' : spec.type;
        assert.equal(Array.isArray(value) ? 'array' : typeof value, kind, `${id}: default ${JSON.stringify(value)}`);
        if (spec.type === 'integer') assert.ok(Number.isInteger(value), id);
        if (typeof value === 'number') assert.ok(value >= (spec.minimum ?? -Infinity) && value <= (spec.maximum ?? Infinity), id);
        if (spec.enum !== undefined) {
          assert.ok(spec.enum.includes(String(value)), `${id}: default outside the enum`);
          assert.equal(spec.enumDescriptions?.length ?? spec.enum.length, spec.enum.length, `${id}: one description per enum value`);
        }
      }
      for (const role of ['router', 'planner', 'agent', 'validator']) assert.deepEqual(settings[`fanout.effort.${role}`]?.enum, [...EFFORT_SETTINGS]);
    });

    it('default to what the code uses when the setting is unset', () => {
      const unset = readWith({});
      assert.deepEqual(unset.problems, []);
      for (const [id, spec] of Object.entries(settings)) {
        assert.deepStrictEqual(
          readWith({ [id]: spec.default }),
          unset,
          `${id}: the manifest default ${JSON.stringify(spec.default)} is not the code's default`,
        );
      }
    });

    it('take every value of their declared type the manifest allows', () => {
      const unset = readWith({});
      for (const [id, spec] of Object.entries(settings)) {
        const value = otherValue(spec);
        const read = readWith({ [id]: value });
        assert.deepEqual(read.problems, [], `${id} = ${JSON.stringify(value)} was refused`);
        assert.notDeepStrictEqual(read, unset, `${id} = ${JSON.stringify(value)} changed nothing: is it read with its manifest type?`);
        for (const member of spec.enum ?? []) assert.deepEqual(readWith({ [id]: member }).problems, [], `${id} = ${member}`);
      }
    });
  });
});
