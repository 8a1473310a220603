/**
 * What the manifest tests share: the manifest (package.json) parsed, the src/ sources to scan for
 * registrations, and the host modules loaded against a vscode stub.
 *
 * Host modules import `vscode`, which exists only in the extension host; they are loaded here against
 * a stub that answers `workspace.getConfiguration` (all that settings.ts calls) from a map per case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { z } from 'zod';
// Types only: the modules themselves are loaded against the vscode stub in `before`.
import type * as ReviewScmModule from '../../src/host/review/reviewScm';
import type * as StagedUriModule from '../../src/host/review/stagedUri';
import type * as SettingsModule from '../../src/host/settings';

export const ROOT = resolve(__dirname, '../..');
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
export type Setting = z.infer<typeof settingSchema>;

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

export const manifest = manifestSchema.parse(JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')));
export const { commands, menus, views, viewsContainers, configuration } = manifest.contributes;
export const settings = configuration.properties;
export const contributedCommands = new Set(commands.map((c) => c.command));

/** Every TypeScript source under src/, as text (for what only a source scan can tell: registrations). */
function sources(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}
const SRC = sources().join('\n');
export const matches = (pattern: RegExp) => [...SRC.matchAll(pattern)].map((m) => m[1] ?? '');
/** The value of an exported constant named in the source (`SIDEBAR_VIEW_ID` -> `'fanout.sidebar'`). */
export const valueOf = (exports: Readonly<Record<string, unknown>>, name: string) => String(exports[name]);

// --- the vscode stub -------------------------------------------------------------------------

/** Setting values the stub answers with (full ids), and every key read. */
export const configValues = new Map<string, unknown>();
export const keysRead = new Set<string>();
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

export interface HostModules {
  readonly settingsModule: typeof SettingsModule;
  readonly reviewScm: typeof ReviewScmModule;
  readonly stagedUri: typeof StagedUriModule;
}

/** Loads the host modules against the vscode stub before the tests of the calling describe block, and hands them to `receive`. */
export function useHostModules(receive: (modules: HostModules) => void): void {
  before(async () => {
    const [settingsModule, reviewScm, stagedUri] = await withVscodeStub(() =>
      Promise.all([import('../../src/host/settings'), import('../../src/host/review/reviewScm'), import('../../src/host/review/stagedUri')]),
    );
    receive({ settingsModule, reviewScm, stagedUri });
  });
}
