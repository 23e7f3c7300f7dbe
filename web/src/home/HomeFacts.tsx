import type { Portfolio } from './api';

/** The portfolio's headline numbers; a number that needs attention is marked in words, not colour alone. */
export function HomeFacts({ data }: { data: Portfolio }) {
  const urgent = data.vulnerabilities
    ? data.vulnerabilities.open.critical + data.vulnerabilities.open.high
    : null;
  const unscanned = data.freshness ? data.freshness.never.count + data.freshness.stale.count : null;
  const facts: [string, number | null, boolean][] = [
    ['Projects', data.projects.total, false],
    ['Scanned', data.projects.scanned, false],
    ['Projects at risk', data.risk.atRisk, data.risk.atRisk > 0],
    ['Open critical + high', urgent, (urgent ?? 0) > 0],
    ['Denied packages', data.licenses?.totals.deny ?? null, (data.licenses?.totals.deny ?? 0) > 0],
    [`Not scanned in ${data.freshness?.staleAfterDays ?? 30} days`, unscanned, (unscanned ?? 0) > 0],
  ];
  return (
    <dl className="facts home-facts">
      {facts
        .filter(([, value]) => value !== null)
        .map(([name, value, attention]) => (
          <div key={name} className={attention ? 'fact-attention' : ''}>
            <dt>{name}</dt>
            <dd>
              {(value ?? 0).toLocaleString()}
              {attention ? <span className="visually-hidden"> (needs attention)</span> : null}
            </dd>
          </div>
        ))}
    </dl>
  );
}
