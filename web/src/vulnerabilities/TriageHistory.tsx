import { useQuery } from '@tanstack/react-query';
import { ProblemAlert } from '../components/ProblemAlert';
import { type FindingRow, vulnApi, vulnerabilitiesKey } from './api';
import { sourceLabel, stateLabels } from './labels';
import { TriageDetail } from './TriageDetail';

/** Every triage decision recorded for one finding, as the server orders them. */
export function TriageHistory({ finding }: { finding: FindingRow }) {
  const target = { purl: finding.purl, advisory: finding.advisory };
  const history = useQuery({
    queryKey: [...vulnerabilitiesKey, 'history', finding.projectId, target],
    queryFn: () => vulnApi.history(finding.projectId, target),
  });
  const label = `Triage history of ${finding.name} ${finding.version} in ${finding.projectName}`;
  return (
    <section className="triage-history" aria-label={label}>
      <h3>Triage history</h3>
      <ProblemAlert error={history.error} title="Could not load the triage history" />
      {history.isPending ? <p className="muted small">Loading the history…</p> : null}
      {history.data && history.data.items.length === 0 ? (
        <p className="muted small">Nobody has triaged this finding yet.</p>
      ) : null}
      {history.data && history.data.items.length > 0 ? (
        <ol className="history-list">
          {history.data.items.map((entry) => (
            <li key={`${entry.at} ${entry.actor} ${entry.state}`}>
              <strong>{stateLabels[entry.state] ?? entry.state}</strong>{' '}
              <span className="muted small">({sourceLabel(entry.source)})</span>
              <TriageDetail decision={entry} by={entry.actor} at={entry.at} />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
