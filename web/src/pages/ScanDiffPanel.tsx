import { useQuery } from '@tanstack/react-query';
import { api, type ScanSummary } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from './labels';

const SHOWN = 50;

/** What changed since the scan before this one. */
export function ScanDiffPanel({ scan, previous }: { scan: ScanSummary; previous: ScanSummary }) {
  const diff = useQuery({
    queryKey: ['diff', previous.id, scan.id],
    queryFn: () => api.diffScans(scan.id, previous.id),
  });
  return (
    <section aria-labelledby="diff-heading">
      <h3 id="diff-heading">Changes since the scan of {formatDateTime(previous.createdAt)}</h3>
      <ProblemAlert error={diff.error} title="Could not compare the scans" />
      {diff.data ? (
        <>
          <p>
            {diff.data.added.length} added, {diff.data.removed.length} removed, {diff.data.changed.length}{' '}
            changed version.
          </p>
          <ul className="diff-list">
            {diff.data.added.slice(0, SHOWN).map((p) => (
              <li key={`+${p.purl}`}>
                <span className="diff-added">Added</span> {p.ecosystem} {p.name} {p.version ?? ''}
              </li>
            ))}
            {diff.data.removed.slice(0, SHOWN).map((p) => (
              <li key={`-${p.purl}`}>
                <span className="diff-removed">Removed</span> {p.ecosystem} {p.name} {p.version ?? ''}
              </li>
            ))}
            {diff.data.changed.slice(0, SHOWN).map((c) => (
              <li key={`~${c.ecosystem}/${c.name}`}>
                <span className="diff-changed">Changed</span> {c.ecosystem} {c.name} {c.from.join(', ')} →{' '}
                {c.to.join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
