/**
 * How this window reaches the Messages API: the user's key (Secret Storage, then the environment)
 * and endpoint (setting, then ANTHROPIC_BASE_URL, then the public API), or, with no key on the
 * bundled sample workspace, the built-in demo: an in-process fake Messages API on 127.0.0.1.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { createModelClient } from '../../core/model/modelClient';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiKeyStore } from '../apiKey';

export interface ModelAccess {
  readonly client: Anthropic;
  readonly demo: boolean;
  /** Ends what the access holds (the demo server). */
  close(): Promise<void>;
}

export type AccessProblem = { readonly kind: 'no-key'; readonly message: string };

/** The sample project `npm start` opens: the demo scenario is written for it. */
export async function isDemoWorkspace(root: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === 'todo-api';
  } catch {
    return false;
  }
}

export async function openModelAccess(apiKeys: ApiKeyStore, apiBaseUrl: string, workspaceRoot: string): Promise<ModelAccess | AccessProblem> {
  const key = await apiKeys.resolve();
  if (key) {
    const baseURL = apiBaseUrl || process.env.ANTHROPIC_BASE_URL || undefined;
    return { client: createModelClient({ apiKey: key.key, ...(baseURL ? { baseURL } : {}) }), demo: false, close: () => Promise.resolve() };
  }
  if (!(await isDemoWorkspace(workspaceRoot))) {
    return {
      kind: 'no-key',
      message:
        'Fanout needs an Anthropic API key for this workspace. Run "Fanout: Set API Key" (or set ANTHROPIC_API_KEY). ' +
        'Without a key, "Fanout: Try the Demo" opens a copy of the sample project, where a scripted demo runs.',
    };
  }
  const { startDemoServer, DEMO_API_KEY } = await import('../../demo/demoServer');
  // FANOUT_DEMO_TIME_SCALE < 1 speeds the demo up (end-to-end tests); the default is watching pace.
  const scale = Number(process.env.FANOUT_DEMO_TIME_SCALE);
  const server = await startDemoServer(Number.isFinite(scale) && scale >= 0 ? { timeScale: scale } : {});
  return {
    client: createModelClient({ apiKey: DEMO_API_KEY, baseURL: server.baseURL }),
    demo: true,
    close: () => server.close(),
  };
}
