/**
 * CPU and memory of this (the engine's) process over a scenario. The fake server runs in another
 * process, so nothing it does is counted here.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { definedFields } from '../src/core/definedFields';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

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
  /** CPU ms of the JavaScript thread over the window, from the scheduler's count (`mainThreadCpuMs`); absent off Linux. */
  readonly mainThreadMs?: number;
  /** Wall time of the window. */
  readonly wallMs: number;
  /** CPU of this process as a share of one core over the window (cpuMs / wallMs). */
  readonly cpuShareOfCore: number;
  /** Event-loop delay over the window, when the meter was asked to watch it. */
  readonly eventLoop?: EventLoopDelay;
  /** Times the kernel took a core from this process while it could run: how contended the machine was. */
  readonly involuntaryContextSwitches: number;
};

/**
 * The event-loop delay histogram of perf_hooks.monitorEventLoopDelay, in ms, as Node reports it: the
 * time between two runs of a timer due every `resolutionMs`, so a loop that is never late reads
 * `resolutionMs` and anything above it is time a streamed frame, a click or a message to the view
 * waited because the loop was busy.
 */
export type EventLoopDelay = {
  readonly resolutionMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly samples: number;
  /**
   * The longest lateness of a second timer (same resolution) counting only the CPU this process used
   * meanwhile: a timer 200 ms late while the process used 20 ms of CPU waited mostly for a core (the
   * machine was busy), not for this process's own work. Tells a stall of the code from a stall of the box.
   */
  readonly maxOnCpuMs: number;
  /** The longest late wakes of that timer. */
  readonly longestStalls: readonly Stall[];
};

export interface MeterOptions {
  /** Sampling interval of the RSS fallback (only where the kernel's high-water mark is unavailable). */
  readonly rssIntervalMs?: number;
  /**
   * Watch the event-loop delay with this resolution. Off by default: the monitor's timer wakes the
   * process every `resolutionMs`, which costs CPU a short scenario would count as the engine's.
   */
  readonly eventLoopResolutionMs?: number;
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

const NS_PER_MS = 1e6;

/** One late wake of the stall watch: when (ms after the window opened), how late, and the CPU used meanwhile. */
export type Stall = { readonly atMs: number; readonly lateMs: number; readonly onCpuMs: number };

/** How many of the longest stalls a measurement keeps, to place them on the run's timeline. */
const STALLS_KEPT = 5;

/** See `EventLoopDelay.maxOnCpuMs`. */
function watchStallsOnCpu(resolutionMs: number): { stop(): { maxOnCpuMs: number; longest: Stall[] } } {
  const opened = performance.now();
  let last = opened;
  let lastCpu = process.cpuUsage();
  let longest: Stall[] = [];
  let maxOnCpuMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const lateMs = now - last - resolutionMs;
    maxOnCpuMs = Math.max(maxOnCpuMs, Math.min(lateMs, (cpu.user + cpu.system) / 1000));
    if (lateMs > (longest[STALLS_KEPT - 1]?.lateMs ?? 0)) {
      const stall = { atMs: Math.round(now - opened), lateMs: Math.round(lateMs * 10) / 10, onCpuMs: Math.round((cpu.user + cpu.system) / 100) / 10 };
      longest = [...longest, stall].sort((a, b) => b.lateMs - a.lateMs).slice(0, STALLS_KEPT);
    }
    last = now;
    lastCpu = process.cpuUsage();
  }, resolutionMs);
  return {
    stop() {
      clearInterval(timer);
      return { maxOnCpuMs, longest };
    },
  };
}

function loopDelay(histogram: IntervalHistogram, resolutionMs: number, stalls: { maxOnCpuMs: number; longest: Stall[] }): EventLoopDelay {
  return {
    resolutionMs,
    p50Ms: histogram.percentile(50) / NS_PER_MS,
    p99Ms: histogram.percentile(99) / NS_PER_MS,
    maxMs: histogram.max / NS_PER_MS,
    meanMs: histogram.mean / NS_PER_MS,
    samples: histogram.count,
    maxOnCpuMs: stalls.maxOnCpuMs,
    longestStalls: stalls.longest,
  };
}

/** Opens a measuring window: notes the CPU counters and resets (or, failing that, samples) peak RSS. */
export function startMeter(options: MeterOptions = {}): Meter {
  const intervalMs = options.rssIntervalMs ?? 20;
  const resolutionMs = options.eventLoopResolutionMs;
  const loop =
    resolutionMs === undefined
      ? undefined
      : { resolutionMs, histogram: monitorEventLoopDelay({ resolution: resolutionMs }), stalls: watchStallsOnCpu(resolutionMs) };
  loop?.histogram.enable();
  const switchesStart = process.resourceUsage().involuntaryContextSwitches;
  const wallStart = performance.now();
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
  const mainStart = mainThreadCpuMs();
  return {
    stop(): Measurement {
      const mainEnd = mainThreadCpuMs();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - wallStart;
      loop?.histogram.disable();
      const stalls = loop?.stalls.stop();
      const switches = process.resourceUsage().involuntaryContextSwitches - switchesStart;
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
        ...definedFields({ mainThreadMs: mainStart === undefined || mainEnd === undefined ? undefined : mainEnd - mainStart }),
        wallMs,
        cpuShareOfCore: (cpu.user + cpu.system) / 1000 / wallMs,
        eventLoop: loop === undefined || stalls === undefined ? undefined : loopDelay(loop.histogram, loop.resolutionMs, stalls),
        involuntaryContextSwitches: switches,
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

/**
 * CPU ms the JavaScript thread has used so far, from the scheduler's own count (nanoseconds,
 * /proc/self/task/<pid>/schedstat); undefined off Linux or where the kernel does not keep it.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    const ns = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
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
