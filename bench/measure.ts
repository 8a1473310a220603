/**
 * CPU and memory of this (the engine's) process over a scenario. The fake server runs in another
 * process, so nothing it does is counted here.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

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
  /** Peak RSS over the window (see `rssMethod`). */
  readonly peakRssMb: number;
  /** RSS when the window opened (after warm-up). */
  readonly startRssMb: number;
  /**
   * How the peak was found. `kernel-hwm`: the kernel's high-water mark (VmHWM), reset when the window
   * opens (`/proc/self/clear_refs` = 5) and read when it closes: exact, and no timer wakes the process
   * to sample it, so the CPU figures are not inflated by the meter. `sampled`: where that is not
   * available, `process.memoryUsage().rss` every `intervalMs` (its wakes are counted as CPU).
   */
  readonly rssMethod: 'kernel-hwm' | 'sampled';
  /** `process.resourceUsage().maxRSS` at the end: the peak over the whole process life, warm-up included. */
  readonly maxRssMb: number;
  /** CPU ms per thread name over the window (10 ms resolution), see `threadCpuMs`. */
  readonly threadCpuMs: Readonly<Record<string, number>>;
}

export interface Meter {
  stop(): Measurement;
}

/** Resets the kernel's peak-RSS mark of this process; false where that is not possible (non-Linux, old kernel). */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return peakRssBytes() !== undefined;
  } catch {
    return false;
  }
}

/** VmHWM of this process in bytes, or undefined. */
function peakRssBytes(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Opens a measuring window: notes the CPU counters and resets (or, failing that, samples) peak RSS. */
export function startMeter(intervalMs = 20): Meter {
  const startRss = process.memoryUsage.rss();
  const kernelPeak = resetPeakRss();
  let sampledPeak = startRss;
  const timer = kernelPeak
    ? undefined
    : setInterval(() => {
        sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
      }, intervalMs);
  const threadsStart = threadCpuMs();
  const cpuStart = process.cpuUsage();
  return {
    stop(): Measurement {
      const cpu = process.cpuUsage(cpuStart);
      const threads = threadCpuDelta(threadsStart, threadCpuMs());
      clearInterval(timer);
      const peak = kernelPeak ? (peakRssBytes() ?? startRss) : Math.max(sampledPeak, process.memoryUsage.rss());
      return {
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        peakRssMb: peak / MB,
        startRssMb: startRss / MB,
        rssMethod: kernelPeak ? 'kernel-hwm' : 'sampled',
        maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
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
  const sleep = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, delayMs));
  for (let i = 0; i < 5; i += 1) await sleep(); // unmeasured: the first wakes also compile this code
  const start = process.cpuUsage();
  for (let i = 0; i < wakes; i += 1) await sleep();
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / wakes;
}
