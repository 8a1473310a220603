// The `fanout` bin as a person runs it from the repository: `npx fanout …` resolves package.json's
// `bin` to the built dist/cli.js (this tier runs after the build), with no network.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

function npxFanout(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['--offline', '--no-install', 'fanout', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npx fanout from the repository', function () {
  this.timeout(90_000);

  it('--help prints the usage of every command and exits 0', () => {
    const { status, stdout } = npxFanout('--help');
    assert.equal(status, 0);
    for (const command of ['plan', 'run', 'lint', 'review', 'research']) assert.match(stdout, new RegExp(`^  fanout ${command} `, 'm'));
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { status, stdout } = npxFanout('--version');
    assert.equal(status, 0);
    assert.equal(stdout.trim(), version);
  });

  it('an unknown command is a usage error: exit 2, one line pointing at --help', () => {
    const { status, stdout, stderr } = npxFanout('nosuch');
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trim(), 'fanout: unknown command "nosuch". Run "fanout --help".');
  });
});
