/**
 * CPU and memory of this (the engine's) process over a scenario. The fake server runs in another
 * process, so nothing it does is counted here.
 */

import { readdirSync, readFileSync } from 'node:fs';

const MB = 1024 * 1024;
/** Linux reports per-thread CPU in clock ticks, USER_HZ = 100 on every mainstream kernel. */
const MS_PER_TICK = 10;

/**
 * CPU ms of this process's threads: `main` (the JS thread) and the others summed by thread name (Node
 * 20 leaves most unnamed, so they show as `node`: libuv pool, V8 GC/compiler helpers). Empty off Linux.
 */
export function threadCpuMs(): Record<string, number> {
  const byName: Record<string, number> = {};
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return byName;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const name = Number(tid) === process.pid ? 'main' : comm;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}

function threadCpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after)) delta[name] = ms - (before[name] ?? 0);
  return delta;
}

export type Measurement = {
  /** User + system CPU of this process over the window (all its threads: JS, GC, libuv pool). */
  readonly cpuMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Highest `process.memoryUsage().rss` sampled during the window. */
  readonly peakRssMb: number;
  /** RSS when the window opened (after warm-up). */
  readonly startRssMb: number;
  readonly rssSamples: number;
  /** `process.resourceUsage().maxRSS` at the end: the peak over the whole process life, warm-up included. */
  readonly maxRssMb: number;
  /** Highest heapUsed sampled. */
  readonly peakHeapUsedMb: number;
  /** CPU ms per thread name over the window (10 ms resolution), see `threadCpuMs`. */
  readonly threadCpuMs: Readonly<Record<string, number>>;
}

export interface Meter {
  stop(): Measurement;
}

/** Starts sampling RSS every `intervalMs` and notes the CPU counters; `stop()` closes the window. */
export function startMeter(intervalMs = 20): Meter {
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let peakHeap = process.memoryUsage().heapUsed;
  let samples = 1;
  const sample = (): void => {
    const usage = process.memoryUsage();
    samples += 1;
    if (usage.rss > peakRss) peakRss = usage.rss;
    if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
  };
  const timer = setInterval(sample, intervalMs);
  const threadsStart = threadCpuMs();
  const cpuStart = process.cpuUsage();
  return {
    stop(): Measurement {
      const cpu = process.cpuUsage(cpuStart);
      const threads = threadCpuDelta(threadsStart, threadCpuMs());
      clearInterval(timer);
      sample();
      return {
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        peakRssMb: peakRss / MB,
        startRssMb: startRss / MB,
        rssSamples: samples,
        maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
        peakHeapUsedMb: peakHeap / MB,
        threadCpuMs: threads,
      };
    },
  };
}

/** CPU ms (user + system) another process has used so far, from /proc (10 ms resolution); undefined off Linux. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** CPU µs one idle wake-up (a 10 ms timer) costs this process: how dear waking from idle is on this machine. */
export async function timerWakeCpuUs(wakes = 30, delayMs = 10): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < wakes; i += 1) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / wakes;
}
