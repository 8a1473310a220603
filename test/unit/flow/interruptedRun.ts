/** A run another window started in the harness's workspace and left cut mid-run, for the resume tests. */
import type { RunOptions } from '../../../src/core/run/engineTypes';
import { RunStore } from '../../../src/core/store/runStore';
import { RunsService } from '../../../src/host/runs/runsService';
import { FakeEngine, type FakeRun } from './fakeEngine';
import type { FlowHarness } from './flowHarness';
import { twoTaskRunOptions } from './fakeRunOptions';

/**
 * Starts the two-task run (`extra` added to its options) in another window's RunsService, lets its
 * engine do `work`, interrupts it and returns its id.
 */
export async function interruptedRun(h: FlowHarness, work: (run: FakeRun) => Promise<void> | void, extra: Partial<RunOptions> = {}): Promise<string> {
  const engine = new FakeEngine();
  const other = new RunsService({
    store: new RunStore(h.runsDir),
    workspaceRoot: h.root,
    startRun: engine.start,
    newRunId: () => 'run-20240101-120000-abcdef',
  });
  const handle = other.start((run) => ({ ...twoTaskRunOptions(h.root, run), ...extra }));
  await work(engine.last);
  await other.interrupt(handle.runId);
  other.dispose();
  return handle.runId;
}
