/**
 * Fanout's velocity panel: speedup, wall time and cost of the latest runs, oldest to newest, as
 * three small inline SVG charts. Each chart has a text alternative with the numbers it shows.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { RunSummary } from '../../src/protocol/messages';
import { formatDuration, formatSpeedup } from '../format';
import { formatUsd2 } from '../money';
import { chartGeometry, seriesSummary, velocityRuns } from './historyModel';

const W = 120;
const H = 28;

interface ChartProps {
  readonly id: string;
  readonly name: string;
  readonly kind: 'bars' | 'line';
  readonly values: readonly (number | null)[];
  readonly format: (v: number) => string;
}

function Chart({ id, name, kind, values, format }: ChartProps) {
  const g = chartGeometry(values, W, H);
  const summary = seriesSummary(name, values, format);
  const last = values[values.length - 1];
  const bar = Math.max(1.5, Math.min(10, g.slot * 0.7));
  const known = g.points.filter((p) => !p.missing);
  const line = known.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  return (
    <figure className={`velocity-chart velocity-${id}`}>
      <figcaption className="velocity-caption">
        <span className="velocity-name">{name}</span>
        <span className="velocity-latest">{last === null || last === undefined ? 'n/a' : format(last)}</span>
      </figcaption>
      <svg className="velocity-svg" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={summary}>
        <title>{summary}</title>
        <line className="velocity-base" x1="0" x2={W} y1={H - 1.5} y2={H - 1.5} vectorEffect="non-scaling-stroke" />
        {kind === 'bars'
          ? g.points.map((p, i) =>
              p.missing ? (
                <rect key={i} className="velocity-missing" x={p.x - bar / 2} y={H - 4} width={bar} height={2} />
              ) : (
                <rect
                  key={i}
                  className={i === g.points.length - 1 ? 'velocity-bar latest' : 'velocity-bar'}
                  x={p.x - bar / 2}
                  y={p.y}
                  width={bar}
                  height={p.h}
                />
              ),
            )
          : [
              <polygon key="area" className="velocity-area" points={`${known[0]?.x ?? 0},${H - 2} ${line} ${known[known.length - 1]?.x ?? 0},${H - 2}`} />,
              <polyline key="line" className="velocity-line" points={line} vectorEffect="non-scaling-stroke" />,
            ]}
      </svg>
    </figure>
  );
}

export function Velocity({ history }: { readonly history: readonly RunSummary[] }) {
  const runs = velocityRuns(history);
  if (runs.length < 2) return null;
  return (
    <section className="velocity" aria-labelledby="velocity-title">
      <h3 id="velocity-title" className="velocity-title">
        Velocity <span className="ui-section-count">last {runs.length} runs</span>
      </h3>
      <Chart id="speedup" name="Speedup" kind="bars" values={runs.map((r) => r.speedup)} format={formatSpeedup} />
      <Chart id="wall" name="Wall time" kind="line" values={runs.map((r) => r.wallMs)} format={formatDuration} />
      <Chart id="cost" name="Cost per run" kind="bars" values={runs.map((r) => r.costUsd)} format={formatUsd2} />
    </section>
  );
}
