/** Shared setup for the agent tool tests: a plan of four tasks and a small workspace with its staging store. */
import type { TaskSpec } from '../../../src/core/plan/plan';
import { StagingStore } from '../../../src/core/workspace/staging';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import type { Toolbox } from '../../../src/core/workspace/tools/toolTypes';
import { plan, setUpFor, task, tempWorkspace, toolContext, type RecordingContext, type TempWorkspace } from './fixtures';

export const api = task('api', 'implement', ['src/api/**']);
export const integration = task('integration', 'implement', ['src/index.ts'], ['api']);
const ui = task('ui', 'implement', ['src/ui/**']);
export const review = task('review', 'validate', [], ['integration']);
const thePlan = plan(api, integration, ui, review);

export interface ToolsSuite {
  /** src/api/user.ts, src/index.ts and README.md. */
  readonly ws: TempWorkspace;
  /** Staged files of at most 4096 bytes. */
  readonly store: StagingStore;
  /** Lists at most 5 entries and shows at most 3 search matches. */
  readonly toolbox: Toolbox;
  /** A recording context for task `t` that sees the staged writes of the `visible` tasks. */
  readonly ctxFor: (t: TaskSpec, visible?: readonly string[] | 'all') => RecordingContext;
}

/** Registers the suite's hooks in the calling `describe`: a fresh workspace and store for each test. */
export function useToolsSuite(): ToolsSuite {
  let ws: TempWorkspace | undefined;
  let store: StagingStore | undefined;

  beforeEach(async () => {
    ws = await tempWorkspace();
    store = new StagingStore(ws.root, { maxFileBytes: 4096 });
    await ws.write('src/api/user.ts', 'export const user = 1;\nexport const admin = 2;\n');
    await ws.write('src/index.ts', 'export * from "./api/user";\n');
    await ws.write('README.md', '# Demo\n');
  });
  afterEach(() => ws?.remove());

  const ready = <T>(value: T | undefined, name: string): T => setUpFor('useToolsSuite', value, name);
  return {
    get ws() {
      return ready(ws, 'ws');
    },
    get store() {
      return ready(store, 'store');
    },
    toolbox: createToolbox({ maxListEntries: 5, maxSearchMatches: 3 }),
    ctxFor: (t, visible = []) => toolContext(ready(ws, 'ws').root, t, thePlan, ready(store, 'store').viewFor(t.id, visible)),
  };
}
