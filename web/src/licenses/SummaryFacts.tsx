import type { VerdictSummary } from './api';

/** The counts of a verdict summary, as a row of facts. */
export function SummaryFacts({ summary }: { summary: VerdictSummary }) {
  const facts: [string, number, string][] = [
    ['Packages', summary.packages, ''],
    ['Denied', summary.deny, 'fact-deny'],
    ['To review', summary.review, 'fact-review'],
    ['Allowed', summary.allow, ''],
    ['Waived', summary.waived, ''],
  ];
  return (
    <dl className="facts license-facts">
      {facts.map(([name, value, tone]) => (
        <div key={name} className={value > 0 ? tone : ''}>
          <dt>{name}</dt>
          <dd>{value.toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}
