/**
 * Fanout's run metrics as a compact grid: how long, how much faster than one agent at a time, how
 * close to the best possible schedule, what it cost (never a guessed price) and what it produced.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { RunMetrics as Metrics } from '../../src/core/run/metrics';
import { formatCost, formatDuration, formatPercent, formatSpeedup, formatTokens } from '../format';

export interface RunMetricsProps {
  readonly metrics: Metrics;
  /** Shows "Cancel run" while true. */
  readonly running: boolean;
  readonly onCancelRun: () => void;
}

interface Tile {
  readonly label: string;
  readonly value: string;
  readonly sub?: string;
  readonly title: string;
  readonly tone?: 'warn';
  /** Takes a whole row of the detail grid. */
  readonly wide?: boolean;
}

function costTitle(m: Metrics): string {
  if (m.costUsd === null)
    return 'Fanout has no price for the models used (neither built in nor in fanout.prices); add them to fanout.prices. Fanout never guesses a price.';
  return m.costComplete
    ? 'From the built-in prices (and fanout.prices), each turn priced on its own, summed'
    : 'Some turns used a model without a price: this is the priced part only';
}

const warn = (n: number) => (n > 0 ? { tone: 'warn' as const } : {});

/** The three numbers that matter most, large. */
function heroTiles(m: Metrics): readonly Tile[] {
  return [
    { label: 'Wall time', value: formatDuration(m.wallMs), title: 'From the start of the run to its end (or now)' },
    {
      label: 'Speedup',
      value: formatSpeedup(m.speedup),
      sub: `${formatDuration(m.serialMs)} serial`,
      title: 'Serial time (every agent one after another) divided by wall time',
    },
    { label: 'Cost', value: formatCost(m.costUsd, m.costComplete), title: costTitle(m) },
  ];
}

/** The rest, as label and value rows; the token rows take the full width. */
function detailTiles(m: Metrics): readonly Tile[] {
  const t = m.tokens;
  return [
    {
      label: 'Efficiency',
      value: formatPercent(m.efficiency),
      title: `Best possible wall time (${formatDuration(m.boundMs)}: critical path, phase barriers, concurrency cap) divided by the actual wall time`,
    },
    {
      label: 'Cache savings',
      value: formatCost(m.cacheSavingsUsd, m.costComplete),
      title:
        m.cacheSavingsUsd === null
          ? 'Fanout has no price for the models used; add them to fanout.prices'
          : 'Saved by prompt-cache reads compared with paying the full input price for those tokens',
    },
    { label: 'Retries', value: String(m.retries), title: 'Model calls retried after a rate limit, an overload or a dropped stream', ...warn(m.retries) },
    { label: 'Files staged', value: String(m.filesStaged), title: 'Files waiting in review (or reviewed)' },
    {
      label: 'Denied writes',
      value: String(m.deniedWrites),
      title: 'Writes refused because the path belongs to another task or leaves the workspace',
      ...warn(m.deniedWrites),
    },
    { label: 'Files accepted', value: String(m.filesAccepted), title: 'Staged files you accepted into the workspace' },
    {
      label: 'Tokens in / out',
      value: `${formatTokens(t.input)} / ${formatTokens(t.output)}`,
      title: `Input ${t.input.toLocaleString('en-US')} · output ${t.output.toLocaleString('en-US')}`,
      wide: true,
    },
    {
      label: 'Prompt cache read / write',
      value: `${formatTokens(t.cacheRead)} / ${formatTokens(t.cacheWrite)}`,
      title: `Prompt cache reads ${t.cacheRead.toLocaleString('en-US')} · writes ${t.cacheWrite.toLocaleString('en-US')}`,
      wide: true,
    },
  ];
}

function Tiles({ tiles, className }: { readonly tiles: readonly Tile[]; readonly className: string }) {
  return (
    <dl className={className}>
      {tiles.map((tile) => (
        <div key={tile.label} className={`metric${tile.tone ? ` tone-${tile.tone}` : ''}${tile.wide ? ' wide' : ''}`} title={tile.title}>
          <dt>{tile.label}</dt>
          <dd>
            <span className="metric-value">{tile.value}</span>
            {tile.sub ? <span className="metric-sub">{tile.sub}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function RunMetrics({ metrics, running, onCancelRun }: RunMetricsProps) {
  return (
    <div className="metrics">
      <Tiles tiles={heroTiles(metrics)} className="metrics-hero" />
      <Tiles tiles={detailTiles(metrics)} className="metrics-detail" />
      {running ? (
        <button type="button" className="ui-button small secondary metrics-cancel" aria-label="Cancel run" onClick={onCancelRun}>
          Cancel run
        </button>
      ) : null}
    </div>
  );
}
