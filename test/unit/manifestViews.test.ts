/**
 * The views and activation events of the manifest (package.json) against the code: its views have
 * providers, and its activation events match the file systems the code serves.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ids from '../../src/host/commandIds';
import type * as StagedUriModule from '../../src/host/review/stagedUri';
import { manifest, matches, ROOT, useHostModules, valueOf, views, viewsContainers } from './manifestFixtures';

let stagedUri: typeof StagedUriModule;

describe('manifest (package.json) against the code', () => {
  useHostModules((modules) => {
    stagedUri = modules.stagedUri;
  });

  describe('views and activation', () => {
    it('contributes the sidebar webview in the Fanout container, with a provider registered for it', () => {
      const containers = new Set(Object.values(viewsContainers).flatMap((list) => list.map((c) => c.id)));
      assert.ok(containers.has(ids.VIEW_CONTAINER_ID));
      for (const container of Object.keys(views)) assert.ok(containers.has(container), `views.${container} is not a contributed container`);
      const sidebar = views[ids.VIEW_CONTAINER_ID]?.find((v) => v.id === ids.SIDEBAR_VIEW_ID);
      assert.equal(sidebar?.type, 'webview');
      const providers = matches(/registerWebviewViewProvider\(\s*(\w+)/g).map((name) => valueOf(ids, name));
      const webviews = Object.values(views).flatMap((list) => list.filter((v) => v.type === 'webview').map((v) => v.id));
      assert.deepEqual(providers.sort(), webviews.sort(), 'registerWebviewViewProvider(<commandIds constant>, …) per webview view');
      for (const icon of [...Object.values(viewsContainers).flat(), ...Object.values(views).flat()].map((v) => v.icon)) {
        if (icon !== undefined) assert.ok(existsSync(join(ROOT, icon)), `${icon} does not exist`);
      }
    });

    it('activates on the file systems the code serves, and leaves command and view activation implicit', () => {
      const schemes = matches(/registerFileSystemProvider\(\s*Scheme\.(\w+)/g).map((name) => valueOf(stagedUri.Scheme, name));
      assert.ok(schemes.length > 0, 'registerFileSystemProvider(Scheme.x, …) in src/');
      const onFileSystem = manifest.activationEvents.filter((e) => e.startsWith('onFileSystem:')).map((e) => e.slice('onFileSystem:'.length));
      assert.deepEqual(onFileSystem.sort(), schemes.sort());
      for (const event of manifest.activationEvents) {
        assert.doesNotMatch(event, /^on(Command|View|WebviewPanel):/, `${event}: VS Code infers it from contributes`);
      }
    });
  });
});
