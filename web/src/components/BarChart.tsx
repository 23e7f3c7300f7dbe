import { type ReactNode, useId } from 'react';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** A CSS class for the bar's colour; the label and number carry the meaning, colour only helps. */
  tone?: string;
}

/**
 * A horizontal bar chart that is a list underneath: every row names its bar and gives its number, so it
 * reads the same to a screen reader, in high-contrast mode and in greyscale.
 */
export function BarChart(props: {
  title: string;
  bars: readonly Bar[];
  /** What is counted, singular and plural: `['package', 'packages']`. */
  unit: readonly [string, string];
  note?: ReactNode;
}) {
  const id = useId();
  const max = Math.max(1, ...props.bars.map((bar) => bar.value));
  return (
    <figure className="bar-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="bar-chart-title">
        {props.title}
      </figcaption>
      <ul className="bar-chart-bars">
        {props.bars.map((bar) => (
          <li key={bar.key} className={bar.value === 0 ? 'bar-row bar-row-empty' : 'bar-row'}>
            <span className="bar-label">{bar.label}</span>
            <svg
              className={`bar-track ${bar.tone ?? ''}`}
              viewBox="0 0 100 10"
              preserveAspectRatio="none"
              aria-hidden="true"
              focusable="false"
            >
              <rect className="bar-fill" x="0" y="0" height="10" width={(bar.value / max) * 100} />
            </svg>
            <span className="bar-value">
              <span className="visually-hidden">: </span>
              {bar.value.toLocaleString()}
              <span className="visually-hidden"> {bar.value === 1 ? props.unit[0] : props.unit[1]}</span>
            </span>
          </li>
        ))}
      </ul>
      {props.note ? <p className="field-help">{props.note}</p> : null}
    </figure>
  );
}
