// What `npm start` reads about other processes, from Linux's /proc. Every function answers
// "unknown" (undefined or false) instead of throwing: a process can end between two reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Whether /proc can be read here (Linux). Without it the launcher falls back to process groups. */
export const HAS_PROCFS = existsSync('/proc/self/stat');

/** /proc/PID/environ can be large; nothing the launcher looks for lies beyond this. */
const ENVIRON_LIMIT = 1024 * 1024;

export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** One letter: R, S, D, Z (zombie), T, … */
  readonly state: string;
}

export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  return Number.isInteger(ppid) && Number.isInteger(pgid) ? { pid, ppid, pgid, state: fields[0] ?? '?' } : undefined;
}

/** Alive and not a zombie (a killed process stays visible until its parent reaps it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !HAS_PROCFS || procStat(pid)?.state !== 'Z';
}

export function listPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** The process's argv, or undefined when it cannot be read (gone, or someone else's). */
export function cmdline(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return text.length > 0 ? text.replace(/\0$/, '').split('\0') : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process started with `entry` ("NAME=value") in its environment. Only this user's processes can be read. */
export function environHas(pid: number, entry: string): boolean {
  try {
    const raw = readFileSync(`/proc/${pid}/environ`);
    const text = raw.subarray(0, ENVIRON_LIMIT).toString('utf8');
    return `\0${text}`.includes(`\0${entry}\0`);
  } catch {
    return false;
  }
}
