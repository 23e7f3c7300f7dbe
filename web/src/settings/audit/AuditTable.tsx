import type { AuditEntry } from './api';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="table audit-table">
        <caption className="visually-hidden">Audit log entries</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="cell-date">
                <time dateTime={entry.at} title={entry.at}>
                  {time.format(new Date(entry.at))}
                </time>
              </td>
              <td className="audit-actor">{entry.actor}</td>
              <th scope="row" className="audit-action">
                <code>{entry.action}</code>
              </th>
              <td>
                {entry.targetType}
                {entry.targetId ? (
                  <>
                    {' '}
                    <code className="audit-target-id">{entry.targetId}</code>
                  </>
                ) : null}
              </td>
              <td className="audit-details-cell">
                <Details details={entry.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The details object as readable key/value pairs; nested values as compact JSON. */
function Details({ details }: { details: Record<string, unknown> }) {
  const pairs = Object.entries(details);
  if (pairs.length === 0) return <span className="muted">none</span>;
  return (
    <dl className="audit-details">
      {pairs.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{readable(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function readable(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ') || '[]';
  return JSON.stringify(value);
}
