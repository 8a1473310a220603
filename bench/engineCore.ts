/**
 * The engine's core, a configuration of `bench:pairs --core`: an engine run with nothing on disk (no
 * run folder, so no run log, transcripts or blobs) whose tool calls are answered as the SDK floor
 * answers them (`floorToolAnswer`: canned, no path check, no staging, no file work). Beside the SDK
 * floor it measures what the engine's own bookkeeping costs per turn (the agent loop, events and run
 * state, requests, the limiter, budgets and prices); beside the engine, what its tools and its run
 * folder cost. `finish` still goes through the real tool: it is how an agent ends.
 */
import { createToolbox } from '../src/core/workspace/tools/toolbox';
import type { Toolbox } from '../src/core/workspace/tools/toolTypes';
import { floorToolAnswer } from './floor';

export function cannedToolbox(): Toolbox {
  const real = createToolbox();
  return {
    definitions: (phase) => real.definitions(phase),
    describe: (name, input) => real.describe(name, input),
    async execute(name, input, ctx) {
      if (name === 'finish') return real.execute(name, input, ctx);
      return { content: await floorToolAnswer({ name, input }, undefined), isError: false };
    },
  };
}
