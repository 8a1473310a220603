// The in-host suite: VS Code (desktop via @vscode/test-electron, or code-server in a browser) loads
// this bundle as `extensionTestsPath` and calls `run()` inside the extension host.
import { format } from 'node:util';
import Mocha from 'mocha';
import { activationTests } from './activation.test';
import { SUITE_BANNER } from './banner';
import { commandTests } from './commands.test';
import { importRunTests } from './importRun.test';
import { readOnlyTests } from './readOnly.test';
import { reviewTests } from './review.test';
import { reviewConflictTests } from './reviewConflicts.test';

/** Every suite in this bundle; each registers its `describe` blocks when called. */
const SUITES: readonly (() => void)[] = [activationTests, commandTests, reviewTests, reviewConflictTests, importRunTests, readOnlyTests];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  // The extension host forwards console output to the workbench as raw arguments; format each
  // line first so "%d passing" arrives as "3 passing".
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(format(...data));
  // Installs describe/it as globals for the suites, as mocha does for each file it loads itself.
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'fanout-host-suite', mocha);
  console.log(SUITE_BANNER);
  for (const register of SUITES) {
    register();
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} in-host test(s) failed.`));
      } else {
        resolve();
      }
    });
  });
}
