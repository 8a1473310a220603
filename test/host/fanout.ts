// Shared helpers for the in-host suites: the extension under test and its API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FanoutApi } from '../../src/extension';

export const EXTENSION_ID = 'fanout.fanout';

export function fanoutExtension(): vscode.Extension<FanoutApi> {
  const extension = vscode.extensions.getExtension<FanoutApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
  return extension;
}

/** Activates Fanout (a no-op when it already is) and returns what `activate` returned. */
export async function activateFanout(): Promise<FanoutApi> {
  const extension = fanoutExtension();
  const api = await extension.activate();
  assert.ok(extension.isActive, 'Fanout did not become active');
  return api;
}
