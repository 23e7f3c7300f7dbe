import { useQuery } from '@tanstack/react-query';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../pages/labels';
import { licenseApi, licensesKey } from './api';
import { actorLabel } from './labels';

/** Who saved which version of the policy, and when. */
export function PolicyHistory() {
  const history = useQuery({
    queryKey: [...licensesKey, 'policy-history'],
    queryFn: licenseApi.policyHistory,
  });
  if (history.isError)
    return <ProblemAlert error={history.error} title="Could not load the policy history" />;
  const items = history.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="policy-history">
      <h2 id="policy-history">Version history</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved by</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{actorLabel(v.createdBy)}</td>
                <td>
                  {v.createdAt ? <time dateTime={v.createdAt}>{formatDateTime(v.createdAt)}</time> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
