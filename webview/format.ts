/**
 * Number, time and cost formatting for Fanout's run view. Pure and locale-independent, so the
 * sidebar reads the same on every machine and the unit tests can pin the exact strings.
 */

/** Compact token counts: 950, 1.2k, 12.3k, 123k, 1.23M. */
export function formatTokens(n: number): string {
  const v = Math.max(0, Math.round(n));
  if (v < 1000) return String(v);
  if (v < 100_000) return `${trimZero((v / 1000).toFixed(1))}k`;
  if (v < 999_500) return `${Math.round(v / 1000)}k`;
  if (v < 10_000_000) return `${trimZero((v / 1_000_000).toFixed(2))}M`;
  return `${trimZero((v / 1_000_000).toFixed(1))}M`;
}

function trimZero(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Durations: 0.4s, 4.2s, 42s, 3m 05s, 1h 02m. */
export function formatDuration(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 10_000) return `${(v / 1000).toFixed(1)}s`;
  const s = Math.floor(v / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad2(s % 60)}s`;
  return `${Math.floor(m / 60)}h ${pad2(m % 60)}m`;
}

/** Offsets on the run's clock, always with one decimal below a minute: 0.0s, 4.2s, 1m 05s. */
export function formatOffset(ms: number): string {
  const v = Math.max(0, ms);
  return v < 60_000 ? `${(v / 1000).toFixed(1)}s` : formatDuration(v);
}

/** Whole seconds left until `until`, for retry countdowns: "7s", "1m 05s"; never below 0s. */
export function formatCountdown(until: number, now: number): string {
  const s = Math.max(0, Math.ceil((until - now) / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** US dollars: $0.00, $0.004, $0.012, $0.41, $12.30, $1,234. */
export function formatUsd(usd: number): string {
  const v = Math.max(0, usd);
  if (v === 0) return '$0.00';
  if (v < 1) return `$${v.toFixed(3)}`;
  if (v < 1000) return `$${v.toFixed(2)}`;
  return `$${Math.round(v).toLocaleString('en-US')}`;
}

/**
 * A cost that may be unknown or partial. `null` (no turn had a price) reads "n/a"; a partial sum
 * (some turns had no price) reads "≥ $0.01". Fanout never guesses a price.
 */
export function formatCost(usd: number | null, complete: boolean): string {
  if (usd === null) return 'n/a';
  return complete ? formatUsd(usd) : `≥ ${formatUsd(usd)}`;
}

/** One agent's cost as shown on its card: known, partial or n/a. */
export function agentCost(agent: { readonly costUsd: number; readonly costKnown: boolean }): {
  readonly usd: number | null;
  readonly complete: boolean;
} {
  if (agent.costKnown) return { usd: agent.costUsd, complete: true };
  return agent.costUsd > 0 ? { usd: agent.costUsd, complete: false } : { usd: null, complete: false };
}

/** Speedup factor: 3.2×; "—" before there is anything to compare. */
export function formatSpeedup(x: number): string {
  return x > 0 && Number.isFinite(x) ? `${x.toFixed(1)}×` : '—';
}

/** A 0..1 ratio as a whole percentage, capped at 100%: 87%. */
export function formatPercent(ratio: number): string {
  return ratio > 0 && Number.isFinite(ratio) ? `${Math.round(Math.min(1, ratio) * 100)}%` : '—';
}

/** "1 file", "3 files". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A workspace path shortened to at most `max` characters by cutting its middle, so the file name
 * stays whole and the start still says where it lives: "src/…/profile/ProfileForm.tsx",
 * "src/…/routes.ts", then "…/routes.ts". It keeps the first folder and as many of the last folders as
 * fit. Only a file name longer than `max` is itself cut, in its middle, keeping its extension
 * ("validateProf…Input.ts"). Callers show the whole path in a tooltip.
 */
export function cutPathMiddle(path: string, max: number): string {
  const limit = Math.max(6, Math.floor(max));
  if (path.length <= limit) return path;
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? path;
  if (parts.length > 2) {
    const head = parts[0] ?? '';
    // Keep `kept` of the folders between the head and the name, the ones nearest the name first.
    for (let kept = parts.length - 3; kept >= 0; kept--) {
      const tail = parts.slice(parts.length - 1 - kept, -1);
      const candidate = [head, '…', ...tail, name].join('/');
      if (candidate.length <= limit) return candidate;
    }
  }
  if (parts.length > 1 && name.length + 2 <= limit) return `…/${name}`;
  return cutNameMiddle(name, limit);
}

/** A file name cut in its middle to `limit` characters, its extension kept: "averylo…name.ts". */
function cutNameMiddle(name: string, limit: number): string {
  const chars = Array.from(name);
  if (chars.length <= limit) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= limit / 2 ? Array.from(name.slice(dot)) : [];
  const stem = chars.slice(0, chars.length - ext.length);
  const room = limit - ext.length - 1;
  const front = Math.ceil(room * 0.6);
  const back = room - front;
  return `${stem.slice(0, front).join('')}…${back > 0 ? stem.slice(stem.length - back).join('') : ''}${ext.join('')}`;
}
