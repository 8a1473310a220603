/**
 * The wall time the check phase adds, on the `node --test` fixture of `test/unit/checks/fixupRun.test.ts`:
 * two agents on the fake Messages API, run three ways in one process, `--repeat N` times each:
 * without checks (the floor), with `node --test` passing on the first pass, and with a bug one agent
 * stages that a fix-up round repairs. Prints JSON: median wall per way, the check and fix-up time
 * the run state measured, and the floor beside them: the same `node --test` run directly.
 *
 *   node --import tsx bench/checkPhase.ts [--repeat 5]
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { reply, toolUse } from '../test/fake/messagesServer';
import { createHarness, implement, makePlan, routeFor } from '../test/unit/engine/harness';
import type { ChecksConfig } from '../src/core/checks/checkTypes';
import { GREET, MATH_BUGGY, MATH_FIXED, writeChecksFixture } from '../test/support/checksFixture';

const write = (path: string, content: string) => reply([toolUse('write_file', { path, content })]);
const finish = () => reply([toolUse('finish', { summary: 'done' })]);

type Way = 'no-checks' | 'checks-pass' | 'fixup-round';

async function once(way: Way): Promise<{ wallMs: number; checkMs: number; fixupMs: number; verdict: string }> {
  const math =
    way === 'fixup-round'
      ? [write('src/math.js', MATH_BUGGY), finish(), write('src/math.js', MATH_FIXED), finish()]
      : [write('src/math.js', MATH_FIXED), finish()];
  const h = await createHarness([routeFor('math', math), routeFor('greet', [write('src/greet.js', GREET), finish()])]);
  const scratch = mkdtempSync(join(tmpdir(), 'fanout-bench-scratch-'));
  try {
    writeChecksFixture((path, content) => h.write(path, content));
    const checks: ChecksConfig = {
      checks: [{ id: 'test', command: 'node --test', source: 'cli' }],
      fixRounds: 2,
      timeoutMs: 60_000,
      maxOutputBytes: 1024 * 1024,
      concurrency: 1,
      scratchRoot: scratch,
    };
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('greet', { owns: ['src/greet.js'] })]);
    const started = performance.now();
    const { handle } = h.start(plan, way === 'no-checks' ? {} : { checks });
    const state = await handle.done;
    const wallMs = performance.now() - started;
    return { wallMs, checkMs: state.checks?.checkMs ?? 0, fixupMs: state.checks?.fixupMs ?? 0, verdict: state.checks?.verdict ?? 'none' };
  } finally {
    await h.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The floor: `node --test` on the same files run directly (spawned through the shell as a check is), no Fanout. */
function bareCheckMs(): number {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-bench-bare-'));
  try {
    writeChecksFixture((path, content) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/math.js'), MATH_FIXED);
    writeFileSync(join(dir, 'src/greet.js'), GREET);
    const started = performance.now();
    execSync('node --test', { cwd: dir, stdio: 'ignore' });
    return performance.now() - started;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const at = process.argv.indexOf('--repeat');
  const repeat = at !== -1 ? Number(process.argv[at + 1]) : 5;
  const ways: Way[] = ['no-checks', 'checks-pass', 'fixup-round'];
  const samples = new Map<Way, Awaited<ReturnType<typeof once>>[]>(ways.map((w) => [w, []]));
  const bare: number[] = [];
  // Interleaved, so a slow moment of the machine falls on every way alike.
  for (let i = 0; i < repeat; i++) {
    bare.push(bareCheckMs());
    for (const way of ways) samples.get(way)?.push(await once(way));
  }
  const result = Object.fromEntries(
    ways.map((way) => {
      const runs = samples.get(way) ?? [];
      return [
        way,
        {
          wallMs: Math.round(median(runs.map((r) => r.wallMs))),
          checkMs: median(runs.map((r) => r.checkMs)),
          fixupMs: median(runs.map((r) => r.fixupMs)),
          verdicts: runs.map((r) => r.verdict),
        },
      ];
    }),
  );
  const floor = result['no-checks']?.wallMs ?? 0;
  process.stdout.write(
    `${JSON.stringify({ repeat, node: process.version, bareNodeTestMs: Math.round(median(bare)), ...result, addedByChecksPassMs: (result['checks-pass']?.wallMs ?? 0) - floor, addedByFixupRunMs: (result['fixup-round']?.wallMs ?? 0) - floor }, null, 2)}\n`,
  );
}

void main();
