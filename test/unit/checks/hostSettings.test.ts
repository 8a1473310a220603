/**
 * The check settings as `readSettings` (src/host/settings.ts) reads them against the `vscode` fake:
 * defaults, values from any settings level, values outside their bounds brought inside and reported,
 * and the manifest declaring them (fanout.checks per resource, bounds as the code's).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CHECK_LIMITS, DEFAULT_CHECK_SETTINGS } from '../../../src/host/checks/checkSettings';
import type * as SettingsModule from '../../../src/host/settings';
import { fakeSettings, loadWithVscodeFake } from '../../support/vscodeFake';

describe('checks in the host: settings', () => {
  let settings: typeof SettingsModule;
  before(() => {
    settings = loadWithVscodeFake<typeof SettingsModule>(resolve(__dirname, '../../../src/host/settings'));
  });
  beforeEach(() => fakeSettings.reset());
  after(() => fakeSettings.reset());

  it('defaults: no commands (detect), enabled, 2 fix-up rounds, 600 s, one at a time', () => {
    const read = settings.readSettings();
    assert.deepEqual(read.checks, { commands: [], enabled: true, fixRounds: 2, timeoutMs: 600_000, concurrency: 1 });
    assert.deepEqual(read.checks, DEFAULT_CHECK_SETTINGS);
    assert.deepEqual(read.problems, []);
  });

  it('reads every check setting, from the workspace too, commands trimmed and without empty ones', () => {
    fakeSettings.folder.set('fanout.checks', ['  npm run typecheck ', '', 'npm test']);
    fakeSettings.workspace.set('fanout.checksEnabled', false);
    fakeSettings.user.set('fanout.fixRounds', 0);
    fakeSettings.user.set('fanout.checkTimeoutSeconds', 45);
    fakeSettings.workspace.set('fanout.checkConcurrency', 3);
    const read = settings.readSettings();
    assert.deepEqual(read.checks, { commands: ['npm run typecheck', 'npm test'], enabled: false, fixRounds: 0, timeoutMs: 45_000, concurrency: 3 });
    assert.deepEqual(read.problems, []);
  });

  it('brings values outside their bounds inside and says so', () => {
    fakeSettings.user.set('fanout.fixRounds', 9);
    fakeSettings.user.set('fanout.checkTimeoutSeconds', 1);
    fakeSettings.user.set('fanout.checkConcurrency', 2.6);
    fakeSettings.user.set('fanout.checksEnabled', 'yes');
    fakeSettings.user.set('fanout.checks', ['npm test', 42, 'x'.repeat(1001), ...Array.from({ length: 25 }, (_, i) => `make t${i}`)]);
    const read = settings.readSettings();
    assert.equal(read.checks.fixRounds, 5);
    assert.equal(read.checks.timeoutMs, 10_000);
    assert.equal(read.checks.concurrency, 3);
    assert.equal(read.checks.enabled, true);
    assert.equal(read.checks.commands.length, 20);
    assert.equal(read.checks.commands[0], 'npm test');
    const problems = read.problems.join('\n');
    assert.match(problems, /fanout\.fixRounds: 9 is not a whole number from 0 to 5; 5 is used\./);
    assert.match(problems, /fanout\.checkTimeoutSeconds: 1 is not a whole number from 10 to 7200; 10 is used\./);
    assert.match(problems, /fanout\.checkConcurrency: 2\.6/);
    assert.match(problems, /fanout\.checksEnabled: "yes" is not true or false/);
    assert.match(problems, /fanout\.checks: 42 is not a command/);
    assert.match(problems, /longer than 1000 characters/);
    assert.match(problems, /fanout\.checks: 26 commands; only the first 20 are used\./);
  });

  it('are declared in the manifest with the code’s bounds, fanout.checks per resource', () => {
    const manifest = z
      .object({ contributes: z.object({ configuration: z.object({ properties: z.record(z.string(), z.record(z.string(), z.unknown())) }) }) })
      .parse(JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')));
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['fanout.checks']?.scope, 'resource');
    assert.match(String(props['fanout.checks']?.markdownDescription), /copy of the workspace outside it/);
    assert.match(String(props['fanout.checks']?.markdownDescription), /only after you approve this exact list/);
    const bounds = (id: string) => [props[id]?.minimum, props[id]?.maximum, props[id]?.default];
    assert.deepEqual(bounds('fanout.fixRounds'), [CHECK_LIMITS.fixRounds.min, CHECK_LIMITS.fixRounds.max, CHECK_LIMITS.fixRounds.fallback]);
    assert.deepEqual(bounds('fanout.checkTimeoutSeconds'), [
      CHECK_LIMITS.timeoutSeconds.min,
      CHECK_LIMITS.timeoutSeconds.max,
      CHECK_LIMITS.timeoutSeconds.fallback,
    ]);
    assert.deepEqual(bounds('fanout.checkConcurrency'), [CHECK_LIMITS.concurrency.min, CHECK_LIMITS.concurrency.max, CHECK_LIMITS.concurrency.fallback]);
    assert.equal(props['fanout.checksEnabled']?.default, true);
    assert.equal(props['fanout.checks']?.maxItems, CHECK_LIMITS.maxCommands);
  });
});
