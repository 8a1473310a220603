/** tsc: `src/x.ts(3,5): error TS2322: …` and the pretty `src/x.ts:3:5 - error TS2322: …`. */
import type { Collector } from './collector';

const TSC_PAREN = /^(.+)\((\d{1,9}),(\d{1,9})\): error (TS\d{1,6}): (.*)$/;
const TSC_PRETTY = /^(.+):(\d{1,9}):(\d{1,9}) - error (TS\d{1,6}): (.*)$/;

/** True when the line is a tsc error (read here). */
export function tscLine(trimmed: string, out: Collector): boolean {
  const match = TSC_PAREN.exec(trimmed) ?? TSC_PRETTY.exec(trimmed);
  if (!match) return false;
  const path = out.map(match[1], 'never');
  if (path !== undefined) out.add(path, Number(match[2]), Number(match[3]), `${match[4]}: ${match[5]}`, 'tsc');
  return true;
}
