/**
 * Top functions by self time in a V8 CPU profile (BENCH_CPU_PROFILE / BENCH_FLOOR_CPU_PROFILE of
 * bench/worker.ts), and self time by origin (Fanout's code, the SDK, other packages, Node, GC/idle):
 *
 *   node --import tsx bench/profileTop.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly key: string;
  readonly origin: string;
  readonly ms: number;
}

/** Where a function lives, from its script URL. */
export function originOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : 'native';
  if (url.includes('/node_modules/@anthropic-ai/sdk/')) return 'sdk';
  if (url.includes('/node_modules/')) return `pkg:${/\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? '?'}`;
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/src/')) return `fanout:${/\/src\/([^/]+)/.exec(url)?.[1] ?? '?'}`;
  if (url.includes('/bench/')) return 'bench';
  return 'other';
}

/** Self time per function and per origin, in ms (sample time deltas attributed to the sampled node). */
export function selfTimes(profile: Profile): { readonly functions: SelfTime[]; readonly origins: Map<string, number>; readonly totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const perFunction = new Map<string, SelfTime>();
  const origins = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (node === undefined) return;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const origin = originOf(url, functionName);
    const short = url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    const prev = perFunction.get(key);
    perFunction.set(key, { key, origin, ms: (prev?.ms ?? 0) + ms });
    origins.set(origin, (origins.get(origin) ?? 0) + ms);
  });
  return { functions: [...perFunction.values()].sort((a, b) => b.ms - a.ms), origins, totalMs };
}

if (require.main === module) {
  // Piped into `head`: stop quietly when the reader goes away.
  process.stdout.on('error', () => process.exit(0));
  const [path, topArg] = process.argv.slice(2);
  if (path === undefined) throw new Error('usage: profileTop.ts <file.cpuprofile> [top]');
  const { functions, origins, totalMs } = selfTimes(JSON.parse(readFileSync(path, 'utf8')) as Profile);
  const busy = totalMs - (origins.get('(idle)') ?? 0);
  console.log(`${path}: ${totalMs.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms not idle`);
  console.log('self time by origin (ms, share of non-idle):');
  for (const [origin, ms] of [...origins].sort((a, b) => b[1] - a[1])) {
    if (origin !== '(idle)') console.log(`  ${origin.padEnd(28)} ${ms.toFixed(0).padStart(6)}  ${((ms / busy) * 100).toFixed(1)}%`);
  }
  console.log(`top ${topArg ?? 25} functions by self time:`);
  for (const f of functions.filter((f) => f.origin !== '(idle)').slice(0, Number(topArg ?? 25))) {
    console.log(`  ${f.ms.toFixed(1).padStart(7)} ms  ${f.origin.padEnd(16)} ${f.key}`);
  }
}
