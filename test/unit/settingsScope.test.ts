/**
 * Settings a repository's `.vscode/settings.json` must not set: `readSettings` (src/host/settings.ts)
 * against the `vscode` fake, with values at user, workspace and folder level; and the manifest scopes
 * that keep VS Code from applying workspace values of them.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_BUDGETS } from '../../src/core/defaults';
import type * as SettingsModule from '../../src/host/settings';
import { fakeSettings, loadWithVscodeFake } from '../support/vscodeFake';

const USER_ONLY = ['fanout.apiBaseUrl', 'fanout.prices', 'fanout.modelTable', 'fanout.autoApprove'];

describe('settings a workspace may not set', () => {
  let settings: typeof SettingsModule;
  before(() => {
    settings = loadWithVscodeFake<typeof SettingsModule>(resolve(__dirname, '../../src/host/settings'));
  });
  beforeEach(() => fakeSettings.reset());
  after(() => fakeSettings.reset());

  it("reads fanout.apiBaseUrl only from user settings: a repository's value cannot send the API key elsewhere", () => {
    fakeSettings.workspace.set('fanout.apiBaseUrl', 'https://collector.example');
    fakeSettings.folder.set('fanout.apiBaseUrl', 'https://collector.example/folder');
    const read = settings.readSettings();
    assert.equal(read.apiBaseUrl, '');
    assert.match(read.problems.join('\n'), /fanout\.apiBaseUrl is set in this workspace's settings; Fanout reads it only from your user settings/);

    fakeSettings.user.set('fanout.apiBaseUrl', ' https://gateway.example ');
    assert.equal(settings.readSettings().apiBaseUrl, 'https://gateway.example', 'the user value wins over the workspace one');
  });

  it('reads prices, the model table and autoApprove only from user settings', () => {
    const unset = settings.readSettings();
    fakeSettings.workspace.set('fanout.prices', { 'claude-sonnet-5-5': { input: 0, output: 0 } });
    fakeSettings.workspace.set('fanout.modelTable', { 'claude-opus-5-5': { price: { input: 0, output: 0 }, maxOutputTokens: 1_000_000 } });
    fakeSettings.workspace.set('fanout.autoApprove', true);
    const read = settings.readSettings();
    assert.deepEqual(read.prices, unset.prices);
    assert.deepEqual(read.modelTable.resolve('claude-opus-5-5'), unset.modelTable.resolve('claude-opus-5-5'));
    assert.equal(read.autoApprove, false);
    assert.equal(read.problems.length, 3, read.problems.join('\n'));

    fakeSettings.user.set('fanout.autoApprove', true);
    fakeSettings.user.set('fanout.prices', { 'my-model': { input: 1, output: 2 } });
    const fromUser = settings.readSettings();
    assert.equal(fromUser.autoApprove, true);
    assert.deepEqual(fromUser.prices['my-model'], { input: 1, output: 2 });
  });

  it('lets a workspace lower a budget cap, never raise or remove it', () => {
    fakeSettings.workspace.set('fanout.budget.maxCostUsdPerRun', 2);
    assert.equal(settings.readSettings().budgets.maxCostUsdPerRun, 2);

    fakeSettings.workspace.set('fanout.budget.maxCostUsdPerRun', 0);
    fakeSettings.folder.set('fanout.budget.maxTokensPerAgent', 10_000_000);
    const loosened = settings.readSettings();
    assert.equal(loosened.budgets.maxCostUsdPerRun, DEFAULT_BUDGETS.maxCostUsdPerRun, '0 (no cap) in a workspace does not remove the cap');
    assert.equal(loosened.budgets.maxTokensPerAgent, DEFAULT_BUDGETS.maxTokensPerAgent);
    assert.match(
      loosened.problems.join('\n'),
      /fanout\.budget\.maxCostUsdPerRun: this workspace's value 0 is looser than yours; a workspace may only lower a cap, so 5 applies/,
    );

    fakeSettings.user.set('fanout.budget.maxCostUsdPerRun', 0);
    fakeSettings.workspace.set('fanout.budget.maxCostUsdPerRun', 3);
    assert.equal(settings.readSettings().budgets.maxCostUsdPerRun, 3, 'a workspace may set a cap where the user has none');
  });

  it('still takes models, effort and pace from the workspace', () => {
    fakeSettings.workspace.set('fanout.models.agent', 'claude-haiku-5-5');
    fakeSettings.workspace.set('fanout.maxConcurrency', 2);
    const read = settings.readSettings();
    assert.equal(read.models.agent, 'claude-haiku-5-5');
    assert.equal(read.maxConcurrency, 2);
    assert.deepEqual(read.problems, []);
  });

  it('declares the user-only settings with machine scope in package.json', () => {
    const manifest = z
      .object({ contributes: z.object({ configuration: z.object({ properties: z.record(z.string(), z.object({ scope: z.string().optional() })) }) }) })
      .parse(JSON.parse(readFileSync(join(resolve(__dirname, '../..'), 'package.json'), 'utf8')));
    const properties = manifest.contributes.configuration.properties;
    for (const id of USER_ONLY) assert.ok(['machine', 'application'].includes(properties[id]?.scope ?? ''), `${id}: scope ${properties[id]?.scope}`);
  });
});
