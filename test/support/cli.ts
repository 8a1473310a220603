/** Runs Fanout's headless entry (src/cli.ts through tsx) as a child process and collects its output; reads its `--json` lines. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const CLI = resolve(__dirname, '../../src/cli.ts');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Every line of a `--json` run's stdout, parsed (a line that is not JSON throws, naming it). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
      }
    });
}

/** The summary of a `--json` run: its last stdout line, `{"type":"summary", …}`, without the `type`. */
export function jsonSummary<T>(stdout: string): T {
  const last = jsonLines(stdout).at(-1);
  if (last?.type !== 'summary') throw new Error(`the last stdout line is not the summary: ${JSON.stringify(last)?.slice(0, 200)}`);
  const { type: _type, ...summary } = last;
  return summary as T;
}
