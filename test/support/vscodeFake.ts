/**
 * A small fake of the `vscode` module for host code that runs without the workbench: URIs of local
 * files, `workspace.fs` and `applyEdit` on the real disk (following symlinks, as VS Code's disk file
 * system does), settings at user, workspace and folder level, messages recorded, no open editors or
 * tabs. Host modules are loaded against it with
 * `loadWithVscodeFake`.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export class Uri {
  readonly scheme = 'file';
  private constructor(readonly fsPath: string) {}
  static file(path: string): Uri {
    return new Uri(resolve(path));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(join(base.fsPath, ...segments));
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

type Operation =
  | { readonly kind: 'create'; readonly uri: Uri; readonly contents: Uint8Array }
  | { readonly kind: 'replace'; readonly uri: Uri; readonly text: string }
  | { readonly kind: 'delete'; readonly uri: Uri };

export class WorkspaceEdit {
  readonly operations: Operation[] = [];
  createFile(uri: Uri, options: { readonly contents?: Uint8Array }): void {
    this.operations.push({ kind: 'create', uri, contents: options.contents ?? new Uint8Array() });
  }
  replace(uri: Uri, _range: unknown, text: string): void {
    this.operations.push({ kind: 'replace', uri, text });
  }
  deleteFile(uri: Uri): void {
    this.operations.push({ kind: 'delete', uri });
  }
}

class FileSystemError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

class EventEmitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

/** Setting values by full id (`fanout.apiBaseUrl`) at each level; `get` merges them as VS Code does (folder over workspace over user). */
export const fakeSettings = {
  user: new Map<string, unknown>(),
  workspace: new Map<string, unknown>(),
  folder: new Map<string, unknown>(),
  reset(): void {
    this.user.clear();
    this.workspace.clear();
    this.folder.clear();
  },
};

function getConfiguration(section = '') {
  const idOf = (key: string) => (section === '' ? key : `${section}.${key}`);
  return {
    get<T>(key: string, fallback?: T): T | undefined {
      const id = idOf(key);
      for (const level of [fakeSettings.folder, fakeSettings.workspace, fakeSettings.user]) if (level.has(id)) return level.get(id) as T;
      return fallback;
    },
    inspect<T>(key: string) {
      const id = idOf(key);
      const value = (level: Map<string, unknown>) => level.get(id) as T | undefined;
      return {
        key: id,
        globalValue: value(fakeSettings.user),
        workspaceValue: value(fakeSettings.workspace),
        workspaceFolderValue: value(fakeSettings.folder),
      };
    },
  };
}

/** What the fake saw: messages shown, edits applied, and a hook run on every `fs.stat`. */
export const fakeWindow = {
  messages: [] as { level: 'info' | 'warning' | 'error'; text: string }[],
  appliedEdits: [] as WorkspaceEdit[],
  onStat: undefined as ((uri: Uri) => Promise<void>) | undefined,
  reset(): void {
    this.messages = [];
    this.appliedEdits = [];
    this.onStat = undefined;
  },
};

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'Unknown';
}

async function fsCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new FileSystemError(errorCode(error) === 'ENOENT' ? 'FileNotFound' : errorCode(error));
  }
}

const FileType = { File: 1, Directory: 2, SymbolicLink: 64 } as const;

export const vscodeFake = {
  Uri,
  WorkspaceEdit,
  FileSystemError,
  EventEmitter,
  FileType,
  EndOfLine: { LF: 1, CRLF: 2 },
  Range: class {
    constructor(
      readonly startLine: number,
      readonly startCharacter: number,
      readonly endLine: number,
      readonly endCharacter: number,
    ) {}
  },
  ThemeIcon: class {
    constructor(readonly id: string) {}
  },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  FileDecoration: class {
    propagate?: boolean;
    constructor(
      readonly badge?: string,
      readonly tooltip?: string,
      readonly color?: unknown,
    ) {}
  },
  TabInputText: class {},
  TabInputTextDiff: class {},
  workspace: {
    getConfiguration,
    textDocuments: [] as unknown[],
    fs: {
      async stat(uri: Uri) {
        await fakeWindow.onStat?.(uri);
        const info = await fsCall(() => stat(uri.fsPath));
        return { type: info.isDirectory() ? FileType.Directory : FileType.File, size: info.size };
      },
      readFile: (uri: Uri) => fsCall(() => readFile(uri.fsPath)),
    },
    async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
      fakeWindow.appliedEdits.push(edit);
      for (const op of edit.operations) {
        if (op.kind === 'delete') await rm(op.uri.fsPath, { force: true });
        else {
          await mkdir(dirname(op.uri.fsPath), { recursive: true });
          await writeFile(op.uri.fsPath, op.kind === 'create' ? op.contents : op.text);
        }
      }
      return true;
    },
    openTextDocument: () => Promise.reject(new Error('no editors in the fake')),
  },
  window: {
    tabGroups: { all: [] as unknown[], close: () => Promise.resolve(true) },
    showInformationMessage: (text: string) => void fakeWindow.messages.push({ level: 'info', text }),
    showWarningMessage: (text: string) => void fakeWindow.messages.push({ level: 'warning', text }),
    showErrorMessage: (text: string) => void fakeWindow.messages.push({ level: 'error', text }),
  },
};

/** A log channel that keeps nothing. */
export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
}

const HOST_DIR = resolve(__dirname, '../../src/host');
const load = createRequire(__filename);

function evictHostModules(): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(HOST_DIR)) delete require.cache[key];
}

/**
 * Loads a host module (an absolute path) and everything it imports with `require('vscode')` answered
 * by the fake. Host modules are evicted from the module cache before and after, so the ones loaded
 * here bind to this fake whatever another test loaded against its own stub, and no other test gets
 * them (each test keeps the instances it holds). Loaded with `require`, not `import()`: the ESM
 * loader keeps its own cache of modules, which eviction cannot reach.
 */
export function loadWithVscodeFake<T>(modulePath: string): T {
  evictHostModules();
  const internals = Module as unknown as ModuleInternals;
  const original = internals._resolveFilename;
  // A module-cache key only: nothing is written there.
  const fakePath = join(__dirname, '<vscode fake>.js');
  require.cache[fakePath] = Object.assign(new Module(fakePath), { filename: fakePath, loaded: true, exports: vscodeFake });
  internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
  };
  try {
    return load(modulePath) as T;
  } finally {
    internals._resolveFilename = original;
    evictHostModules();
  }
}
