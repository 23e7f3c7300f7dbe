import { formatDate } from '../pages/labels';
import { Link } from '../router';
import { projectPagePath } from '../vulnerabilities/labels';
import type { Portfolio } from './api';

const DAY = 86_400_000;

/** Projects never scanned, and those whose newest scan is older than the limit, oldest first. */
export function FreshnessPanel({ freshness }: { freshness: NonNullable<Portfolio['freshness']> }) {
  const { never, stale, staleAfterDays } = freshness;
  return (
    <section aria-labelledby="home-freshness" className="panel">
      <h2 id="home-freshness">Scan freshness</h2>
      {never.count + stale.count === 0 ? (
        <p className="notice">
          <span aria-hidden="true">✓ </span>Every project was scanned in the last {staleAfterDays} days.
        </p>
      ) : (
        <div className="freshness">
          <FreshnessList
            id="freshness-never"
            title={`Never scanned (${never.count.toLocaleString()})`}
            count={never.count}
            empty="Every project has at least one scan."
            items={never.projects.map((p) => ({
              id: p.id,
              name: p.name,
              note: `created ${formatDate(p.createdAt)}`,
            }))}
          />
          <FreshnessList
            id="freshness-stale"
            title={`Not scanned in ${staleAfterDays} days (${stale.count.toLocaleString()})`}
            count={stale.count}
            empty={`No project's newest scan is older than ${staleAfterDays} days.`}
            items={stale.projects.map((p) => ({
              id: p.id,
              name: p.name,
              note: `last scanned ${formatDate(p.scannedAt)} (${daysAgo(p.scannedAt)})`,
            }))}
          />
        </div>
      )}
      {never.count + stale.count > 0 ? (
        <p className="muted small">
          Scan a project again from its checkout with <code>ospo scan . --save --project NAME</code>, or
          upload a new SBOM.
        </p>
      ) : null}
    </section>
  );
}

function FreshnessList(props: {
  id: string;
  title: string;
  count: number;
  empty: string;
  items: { id: string; name: string; note: string }[];
}) {
  return (
    <div>
      <h3 id={props.id}>{props.title}</h3>
      {props.items.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <ul className="freshness-list" aria-labelledby={props.id}>
          {props.items.map((item) => (
            <li key={item.id}>
              <Link to={projectPagePath(item.name)}>{item.name}</Link>{' '}
              <span className="muted small">{item.note}</span>
            </li>
          ))}
          {props.count > props.items.length ? (
            <li className="muted small">and {(props.count - props.items.length).toLocaleString()} more</li>
          ) : null}
        </ul>
      )}
    </div>
  );
}

function daysAgo(iso: string): string {
  const days = Math.floor((Date.now() - Date.parse(iso)) / DAY);
  return days === 1 ? '1 day ago' : `${days.toLocaleString()} days ago`;
}
