import { FlowHarness } from './flowHarness';

/** Gives each test of the calling describe block a fresh FlowHarness (through `receive`), disposed after the test. */
export function useFlowHarness(receive: (harness: FlowHarness) => void): void {
  let current: FlowHarness | undefined;
  beforeEach(() => {
    current = new FlowHarness();
    receive(current);
  });
  afterEach(() => current?.dispose());
}
