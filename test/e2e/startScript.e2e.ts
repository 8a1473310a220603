// `npm start` stops cleanly whichever way it is stopped: a signal to npm alone, to the whole
// process group (Ctrl+C, a closing terminal), to the node launcher, a second signal during the
// cleanup, or the launcher or its parent killed outright. Each case runs the real `npm start`
// (code-server included) and then checks from outside, within a time limit, that nothing listens on
// the port, no process of the launch is left (by the process tree seen while it served and by `ps`),
// and the record and temp folders are gone.
import * as assert from 'node:assert/strict';
import { busyMachine, forceCleanUp, startNpmStart, waitForCleanUp, type BusyMachine, type StartedLaunch } from './startLaunch';

/** The launcher's grace period for code-server is 3 s; everything must be gone well within this. */
const CLEAN_UP_LIMIT_MS = 10_000;

interface Case {
  readonly name: string;
  /** Sends the signal (the first one, when more follow). */
  readonly stop: (launch: StartedLaunch) => void;
  /** Keep every core busy from just before the signal until the check is done. */
  readonly busy?: boolean;
}

const toGroup = (signal: NodeJS.Signals) => (launch: StartedLaunch) => void process.kill(-launch.npmPid, signal);
const toNpm = (signal: NodeJS.Signals) => (launch: StartedLaunch) => void process.kill(launch.npmPid, signal);
const toLauncher = (signal: NodeJS.Signals) => (launch: StartedLaunch) => void process.kill(launch.launcherPid, signal);

const CASES: readonly Case[] = [
  { name: 'SIGTERM to npm alone', stop: toNpm('SIGTERM') },
  { name: 'SIGINT to npm alone', stop: toNpm('SIGINT') },
  { name: 'SIGINT to the whole process group (Ctrl+C)', stop: toGroup('SIGINT') },
  { name: 'SIGINT to the whole process group (Ctrl+C) while every core is busy', stop: toGroup('SIGINT'), busy: true },
  { name: 'SIGHUP to the whole process group (the terminal closes)', stop: toGroup('SIGHUP') },
  { name: 'SIGKILL to npm (the launcher outlives its parent)', stop: toNpm('SIGKILL') },
  { name: 'SIGTERM to the node launcher', stop: toLauncher('SIGTERM') },
  {
    name: 'SIGINT to the node launcher, then SIGTERM and SIGHUP during the cleanup',
    stop: (launch) => {
      process.kill(launch.launcherPid, 'SIGINT');
      const again = (signal: NodeJS.Signals, ms: number): void => {
        setTimeout(() => {
          try {
            process.kill(launch.launcherPid, signal);
          } catch {
            // The launcher is done already.
          }
        }, ms);
      };
      again('SIGTERM', 30);
      again('SIGHUP', 60);
    },
  },
  { name: 'SIGKILL to the node launcher (nothing of it can run)', stop: toLauncher('SIGKILL') },
];

describe('npm start: every way of stopping it cleans up', function () {
  this.timeout(150_000);
  const timings: string[] = [];
  let current: StartedLaunch | undefined;
  let load: BusyMachine | undefined;

  afterEach(async () => {
    load?.stop();
    load = undefined;
    if (current) {
      await forceCleanUp(current);
      current = undefined;
    }
  });

  after(() => {
    console.log(`      time from the signal until nothing was left:\n${timings.map((line) => `        ${line}`).join('\n')}`);
  });

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      current = await startNpmStart();
      const launch = current;
      // The launch did create what must go: a code-server tree, a record and a temp folder.
      assert.ok(
        launch.tree.some((row) => row.args.includes('code-server')),
        'code-server is among the launch processes',
      );
      assert.ok(launch.filesWhileServing.length >= 2, `a record and a temp folder exist while serving: ${launch.filesWhileServing.join(', ')}`);
      load = testCase.busy === true ? await busyMachine() : undefined;
      const since = Date.now();
      testCase.stop(launch);
      const elapsed = await waitForCleanUp(launch, since, CLEAN_UP_LIMIT_MS);
      load?.stop();
      load = undefined;
      timings.push(`${testCase.name}: ${elapsed} ms`);
      current = undefined;
      await forceCleanUp(launch);
    });
  }
});
