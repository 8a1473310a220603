/**
 * The manifest (package.json) against the code: the commands it contributes are the ones the code
 * registers, its menus name only those commands and context keys the code sets, its views have
 * providers, its activation events match the file systems the code serves, and its settings are
 * exactly the ones `readSettings` reads, with defaults equal to the code's and types the code takes.
 *
 * Host modules import `vscode`, which exists only in the extension host; they are loaded here against
 * a stub that answers `workspace.getConfiguration` (all that settings.ts calls) from a map per case.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { EFFORT_SETTINGS } from '../../src/core/defaults';
import * as ids from '../../src/host/commandIds';
// Types only: the modules themselves are loaded against the vscode stub in `before`.
import type * as ReviewScmModule from '../../src/host/review/reviewScm';
import type * as StagedUriModule from '../../src/host/review/stagedUri';
import type * as SettingsModule from '../../src/host/settings';

const ROOT = resolve(__dirname, '../..');
const MANIFEST_PATH = join(ROOT, 'package.json');

const settingSchema = z.object({
  type: z.enum(['string', 'integer', 'number', 'boolean', 'object', 'array']),
  default: z.unknown(),
  enum: z.array(z.string()).optional(),
  enumDescriptions: z.array(z.string()).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  additionalProperties: z.unknown().optional(),
  items: z.unknown().optional(),
  maxItems: z.number().optional(),
  scope: z.enum(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable']).optional(),
});
type Setting = z.infer<typeof settingSchema>;

const manifestSchema = z.object({
  activationEvents: z.array(z.string()),
  contributes: z.object({
    commands: z.array(z.object({ command: z.string(), title: z.string(), category: z.string(), icon: z.string().optional() })),
    menus: z.record(z.string(), z.array(z.object({ command: z.string(), when: z.string().optional(), group: z.string().optional() }))),
    viewsContainers: z.record(z.string(), z.array(z.object({ id: z.string(), title: z.string(), icon: z.string() }))),
    views: z.record(z.string(), z.array(z.object({ id: z.string(), type: z.string().optional(), name: z.string(), icon: z.string().optional() }))),
    configuration: z.object({ properties: z.record(z.string(), settingSchema) }),
  }),
  capabilities: z.object({ untrustedWorkspaces: z.object({ restrictedConfigurations: z.array(z.string()).default([]) }) }),
});

const manifest = manifestSchema.parse(JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')));
const { commands, menus, views, viewsContainers, configuration } = manifest.contributes;
const settings = configuration.properties;
const contributedCommands = new Set(commands.map((c) => c.command));

/** Every TypeScript source under src/, as text (for what only a source scan can tell: registrations). */
function sources(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}
const SRC = sources().join('\n');
const matches = (pattern: RegExp) => [...SRC.matchAll(pattern)].map((m) => m[1] ?? '');
/** The value of an exported constant named in the source (`SIDEBAR_VIEW_ID` -> `'fanout.sidebar'`). */
const valueOf = (exports: Readonly<Record<string, unknown>>, name: string) => String(exports[name]);

// --- the vscode stub -------------------------------------------------------------------------

/** Setting values the stub answers with (full ids), and every key read. */
const configValues = new Map<string, unknown>();
const keysRead = new Set<string>();
const vscodeStub = {
  workspace: {
    getConfiguration: (section = '') => ({
      get: (key: string, fallback?: unknown) => {
        const id = section === '' ? key : `${section}.${key}`;
        keysRead.add(id);
        return configValues.has(id) ? configValues.get(id) : fallback;
      },
      // A value set here is a user setting (settings a workspace may not set are read this way).
      inspect: (key: string) => {
        const id = section === '' ? key : `${section}.${key}`;
        keysRead.add(id);
        return configValues.has(id) ? { key: id, globalValue: configValues.get(id) } : { key: id };
      },
    }),
  },
};

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
}

/** Runs `load` with `require('vscode')` answered by the stub. */
async function withVscodeStub<T>(load: () => Promise<T>): Promise<T> {
  const internals = Module as unknown as ModuleInternals;
  const original = internals._resolveFilename;
  // A module-cache key only: nothing is written there.
  const stubPath = join(ROOT, 'test', 'unit', '<vscode stub>.js');
  require.cache[stubPath] = Object.assign(new Module(stubPath), { filename: stubPath, loaded: true, exports: vscodeStub });
  internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stubPath : original.call(this, request, ...rest);
  };
  try {
    return await load();
  } finally {
    internals._resolveFilename = original;
  }
}

let settingsModule: typeof SettingsModule;
let reviewScm: typeof ReviewScmModule;
let stagedUri: typeof StagedUriModule;

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
  before(async () => {
    [settingsModule, reviewScm, stagedUri] = await withVscodeStub(() =>
      Promise.all([import('../../src/host/settings'), import('../../src/host/review/reviewScm'), import('../../src/host/review/stagedUri')]),
    );
  });

  describe('commands', () => {
    it('contributes exactly the CommandId constants, each once, prefixed fanout. and titled', () => {
      assert.equal(contributedCommands.size, commands.length, 'a command is contributed twice');
      assert.deepEqual([...contributedCommands].sort(), Object.values(ids.CommandId).sort());
      for (const c of commands) {
        assert.match(c.command, /^fanout\./);
        assert.equal(c.category, 'Fanout', c.command);
        assert.ok(c.title.trim().length > 0, c.command);
      }
    });

    it('registers every CommandId once, through the constant', () => {
      const registered = matches(/\b\w*[rR]egister\w*\(\s*CommandId\.(\w+)\s*,/g);
      assert.deepEqual([...registered].sort(), Object.keys(ids.CommandId).sort(), 'registerCommand(CommandId.x, …) calls in src/');
      assert.deepEqual(matches(/registerCommand\(\s*['"`]([^'"`]+)/g), [], 'command ids are registered through CommandId, not as literals');
    });

    it('names in its menus only contributed commands, with an icon where the menu shows one', () => {
      for (const [menu, items] of Object.entries(menus)) {
        for (const item of items) {
          assert.ok(contributedCommands.has(item.command), `${menu}: ${item.command} is not in contributes.commands`);
          const iconShown = item.group?.startsWith('inline') === true || (item.group?.startsWith('navigation') === true && menu.endsWith('/title'));
          if (iconShown) assert.ok(commands.find((c) => c.command === item.command)?.icon, `${menu}: ${item.command} shows as an icon but has none`);
        }
      }
    });

    it('uses in when clauses only views, SCM states and context keys the code defines', () => {
      const viewIds = new Set(Object.values(views).flatMap((list) => list.map((v) => v.id)));
      const groupStates = new Set<string>([reviewScm.ContextValue.agentGroup]);
      const fileStates = [reviewScm.ContextValue.stagedFile, reviewScm.ContextValue.conflictFile];
      const ownKeys = new Set(matches(/executeCommand\(\s*'setContext',\s*(\w+)/g).map((name) => valueOf(ids, name)));
      assert.ok(ownKeys.has(ids.REVIEW_HAS_CHANGES_CONTEXT), 'setContext(REVIEW_HAS_CHANGES_CONTEXT, …) in src/');
      for (const [menu, items] of Object.entries(menus)) {
        for (const { command, when } of items) {
          for (const term of (when ?? '').split(/&&|\|\|/).map((t) => t.trim().replace(/^!/, ''))) {
            const where = `${menu} ${command}: "${term}"`;
            const [, key, op, value] = /^([\w.]+)\s*(==|!=|=~)?\s*(.*)$/.exec(term) ?? [];
            if (term === '' || term === 'false' || term === 'true') continue;
            if (key === 'view') assert.ok(viewIds.has(value ?? ''), where);
            else if (key === 'scmProvider') assert.equal(value, reviewScm.SCM_ID, where);
            else if (key === 'scmResourceGroupState') assert.ok(groupStates.has(value ?? ''), where);
            else if (key === 'scmResourceState' && op === '=~') {
              const [, source = '', flags = ''] = /^\/(.*)\/([a-z]*)$/.exec(value ?? '') ?? [];
              const pattern = new RegExp(source, flags);
              assert.ok(
                fileStates.some((s) => pattern.test(s)),
                `${where} matches no resource contextValue`,
              );
            } else assert.ok(op === undefined && ownKeys.has(key ?? ''), `${where}: unknown context key`);
          }
        }
      }
    });
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
