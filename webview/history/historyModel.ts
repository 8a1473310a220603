/**
 * The rules of Fanout's run history and velocity charts, apart from their markup: relative times,
 * how a run's checks ended in words, the series each chart plots (oldest to newest) and the
 * geometry of the small SVG charts.
 */
import type { ChecksVerdict } from '../../src/core/checks/checkTypes';
import type { RunSummary, WebviewToHost } from '../../src/protocol/messages';

export interface HistoryProps {
  readonly history: readonly RunSummary[];
  /** Epoch ms the relative times are measured from. */
  readonly now: number;
  readonly open: boolean;
  readonly onToggle: (open: boolean) => void;
  readonly post: (message: WebviewToHost) => void;
}

/** "just now", "5m ago", "3h ago", "yesterday", "4d ago", then the date. */
export function relativeTime(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h}h ago`;
  const d = Math.round(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 7) return `${d}d ago`;
  return new Date(then).toISOString().slice(0, 10);
}

export const CHECKS_VERDICT_LABEL: Readonly<Record<ChecksVerdict, string>> = {
  passing: 'checks passing',
  failing: 'checks failing',
};

/**
 * "checks passing" / "checks failing" (with the fix-up rounds it took and the agents right the first
 * time, when known), or undefined for a run without a check phase.
 */
export function checksLabel(run: RunSummary): string | undefined {
  if (run.checks === undefined) return undefined;
  const stats = run.checkStats;
  if (stats === undefined) return CHECKS_VERDICT_LABEL[run.checks];
  const rounds = stats.rounds === 0 ? 'first pass' : `after ${stats.rounds} fix-up round${stats.rounds === 1 ? '' : 's'}`;
  const right = stats.writers > 0 ? `, ${stats.firstPass}/${stats.writers} agents right the first time` : '';
  return `${CHECKS_VERDICT_LABEL[run.checks]} (${rounds}${right})`;
}

/** Runs that ended, oldest first, at most `max` of the latest: what the velocity charts plot. */
export function velocityRuns(history: readonly RunSummary[], max = 20): readonly RunSummary[] {
  const ended = history.filter((r) => (r.status === 'done' || r.status === 'failed' || r.status === 'cancelled') && r.wallMs > 0);
  return [...ended].sort((a, b) => a.startedAt - b.startedAt).slice(-max);
}

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** Bar height from the baseline; 0 for a missing value. */
  readonly h: number;
  readonly missing: boolean;
}

export interface ChartGeometry {
  readonly width: number;
  readonly height: number;
  readonly points: readonly ChartPoint[];
  /** Slot width per run (bars are a bit narrower). */
  readonly slot: number;
}

/** Places values (null = unknown) in a width×height box with a 2px margin; the tallest reaches the top. */
export function chartGeometry(values: readonly (number | null)[], width: number, height: number): ChartGeometry {
  const pad = 2;
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const slot = values.length > 0 ? (width - pad * 2) / values.length : 0;
  const inner = height - pad * 2;
  const points = values.map((v, i) => {
    const h = v !== null && max > 0 ? Math.max(1, (v / max) * inner) : 0;
    return { x: pad + slot * i + slot / 2, y: height - pad - h, h, missing: v === null };
  });
  return { width, height, points, slot };
}

/** A one-line summary of a series for screen readers and the caption. */
export function seriesSummary(name: string, values: readonly (number | null)[], format: (v: number) => string): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return `${name}: no data yet`;
  const last = values[values.length - 1];
  const latest = last === null || last === undefined ? 'n/a' : format(last);
  return `${name} over the last ${values.length} runs, oldest to newest: from ${format(known[0] ?? 0)} to ${latest}; highest ${format(Math.max(...known))}, lowest ${format(Math.min(...known))}`;
}
