import { useId } from 'react';
import { type Severity, severities, type TrendPoint, totalOf } from './api';
import { formatDay, severityLabels } from './labels';

const W = 720;
const H = 240;
const M = { top: 12, right: 16, bottom: 28, left: 44 };
const plotW = W - M.left - M.right;
const plotH = H - M.top - M.bottom;

/**
 * Open findings per day as stacked areas, worst severity at the bottom. The picture is for the eye; the
 * same numbers are in a table (visually hidden) and the legend names each band with a pattern as well
 * as a colour, so no reader depends on telling colours apart.
 */
export function TrendChart({ trend }: { trend: readonly TrendPoint[] }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const title = 'Open findings over time';
  if (trend.length === 0) {
    return (
      <figure className="chart-card" aria-labelledby={`${id}-title`}>
        <figcaption id={`${id}-title`} className="bar-chart-title">
          {title}
        </figcaption>
        <p className="muted">
          No history yet: the trend starts with the first scan matched against advisories.
        </p>
      </figure>
    );
  }
  const first = trend[0]!;
  const last = trend[trend.length - 1]!;
  const max = niceMax(Math.max(1, ...trend.map(totalOf)));
  const ticks = [0, max / 2, max].filter((tick, i, all) => Number.isInteger(tick) && all.indexOf(tick) === i);
  const t0 = Date.parse(first.at);
  const t1 = Date.parse(last.at);
  const x = (point: TrendPoint, index: number) => {
    const span = t1 - t0;
    const ratio =
      span > 0 ? (Date.parse(point.at) - t0) / span : trend.length > 1 ? index / (trend.length - 1) : 0;
    return M.left + (Number.isFinite(ratio) ? ratio : 0) * plotW;
  };
  const y = (value: number) => M.top + plotH - (value / max) * plotH;
  // one day alone is drawn as a flat band across the plot
  const points = trend.length === 1 ? [first, first] : trend;
  const xs = trend.length === 1 ? [M.left, M.left + plotW] : trend.map(x);
  const layers = stack(points);

  return (
    <figure className="chart-card trend-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="bar-chart-title">
        {title}
      </figcaption>
      <p className="small">
        {totalOf(first).toLocaleString()} on {formatDay(first.at)}
        {trend.length > 1
          ? `, ${totalOf(last).toLocaleString()} on ${formatDay(last.at)}`
          : ', the only day recorded so far'}
        .
      </p>
      <svg className="trend-plot" viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        <defs>
          {severities.map((s) => (
            <Pattern key={s} id={`${id}-${s}`} severity={s} />
          ))}
        </defs>
        {ticks.map((tick) => (
          <g key={tick} className="trend-grid">
            <line x1={M.left} x2={M.left + plotW} y1={y(tick)} y2={y(tick)} />
            <text x={M.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {tick.toLocaleString()}
            </text>
          </g>
        ))}
        {severities.map((s) => {
          const layer = layers[s];
          const top = layer.map(([, hi], i) => `${xs[i]},${y(hi)}`);
          const bottom = layer.map(([lo], i) => `${xs[i]},${y(lo)}`).reverse();
          return (
            <polygon
              key={s}
              className={`trend-area tone-sev-${s}`}
              points={[...top, ...bottom].join(' ')}
              fill={`url(#${id}-${s})`}
            />
          );
        })}
        <g className="trend-axis">
          <line x1={M.left} x2={M.left + plotW} y1={y(0)} y2={y(0)} />
          {axisDays(trend).map((index) => {
            const point = trend[index]!;
            const anchor = index === 0 ? 'start' : index === trend.length - 1 ? 'end' : 'middle';
            return (
              <text
                key={point.at}
                x={trend.length === 1 ? M.left : x(point, index)}
                y={H - 8}
                textAnchor={anchor}
              >
                {formatDay(point.at)}
              </text>
            );
          })}
        </g>
        {trend.map((point, index) => {
          const band = trend.length === 1 ? plotW : plotW / (trend.length - 1);
          const left = trend.length === 1 ? M.left : x(point, index) - band / 2;
          return (
            <rect key={point.at} className="trend-hit" x={left} width={band} y={M.top} height={plotH}>
              <title>{`${formatDay(point.at)}: ${describe(point)}`}</title>
            </rect>
          );
        })}
      </svg>
      <ul className="legend" aria-label="Severities, bottom band first, with the latest day's count">
        {severities.map((s) => (
          <li key={s}>
            <svg className="legend-swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <rect className={`tone-sev-${s}`} width="16" height="16" fill={`url(#${id}-${s})`} />
            </svg>
            {severityLabels[s]}
            <span className="visually-hidden">:</span>{' '}
            <span className="legend-value">{last[s].toLocaleString()}</span>
          </li>
        ))}
      </ul>
      <table className="visually-hidden">
        <caption>Open findings per day, by severity</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {severities.map((s) => (
              <th key={s} scope="col">
                {severityLabels[s]}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {trend.map((point) => (
            <tr key={point.at}>
              <th scope="row">{formatDay(point.at)}</th>
              {severities.map((s) => (
                <td key={s}>{point[s].toLocaleString()}</td>
              ))}
              <td>{totalOf(point).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A fill per severity that differs in texture as well as colour (solid, hatched, dotted, lined, crossed). */
function Pattern({ id, severity }: { id: string; severity: Severity }) {
  return (
    <pattern id={id} className={`tone-sev-${severity}`} width="8" height="8" patternUnits="userSpaceOnUse">
      <rect className="pattern-ground" width="8" height="8" />
      {severity === 'high' ? <path className="pattern-ink" d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" /> : null}
      {severity === 'medium' ? <circle className="pattern-dot" cx="4" cy="4" r="1.3" /> : null}
      {severity === 'low' ? <path className="pattern-ink" d="M0,4 h8" /> : null}
      {severity === 'unknown' ? <path className="pattern-ink" d="M0,0 l8,8 M8,0 l-8,8" /> : null}
    </pattern>
  );
}

/** For each severity, the [bottom, top] of its band at each point, critical at the bottom. */
function stack(points: readonly TrendPoint[]): Record<Severity, [number, number][]> {
  const out = Object.fromEntries(severities.map((s) => [s, [] as [number, number][]])) as Record<
    Severity,
    [number, number][]
  >;
  for (const point of points) {
    let base = 0;
    for (const s of severities) {
      const value = point[s] ?? 0;
      out[s].push([base, base + value]);
      base += value;
    }
  }
  return out;
}

/** A round top for the axis, twice a whole 1, 2 or 5 times a power of ten, so its half is a round tick. */
function niceMax(value: number): number {
  const half = Math.max(1, value / 2);
  const power = 10 ** Math.floor(Math.log10(half));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= half) ?? half;
  return 2 * Math.ceil(step);
}

/** The days labelled under the axis: first, last and, on a long trend, the middle one. */
function axisDays(trend: readonly TrendPoint[]): number[] {
  if (trend.length === 1) return [0];
  if (trend.length < 5) return [0, trend.length - 1];
  return [0, Math.floor((trend.length - 1) / 2), trend.length - 1];
}

function describe(point: TrendPoint): string {
  const parts = severities
    .filter((s) => point[s] > 0)
    .map((s) => `${point[s]} ${severityLabels[s].toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'none open';
}
