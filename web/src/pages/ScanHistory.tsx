import type { ScanSummary } from '../api';
import { formatDateTime } from './labels';

/** The project's scans, newest first; choosing one shows its inventory. */
export function ScanHistory(props: {
  scans: ScanSummary[];
  selected: string;
  onSelect: (id: string) => void;
}) {
  return (
    <section aria-labelledby="scan-history">
      <h2 id="scan-history">Scan history</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Commit</th>
              <th scope="col">Branch</th>
              <th scope="col">Packages</th>
              <th scope="col">Files</th>
              <th scope="col">Errors</th>
              <th scope="col">
                <span className="visually-hidden">Show</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.scans.map((scan) => {
              const current = scan.id === props.selected;
              return (
                <tr
                  key={scan.id}
                  aria-current={current ? 'true' : undefined}
                  className={current ? 'row-current' : ''}
                >
                  <td>
                    <time dateTime={scan.createdAt}>{formatDateTime(scan.createdAt)}</time>
                  </td>
                  <td>
                    <code title={scan.vcsCommit ?? undefined}>{scan.vcsCommit?.slice(0, 12) ?? '—'}</code>
                  </td>
                  <td>{scan.vcsBranch ?? '—'}</td>
                  <td>{scan.packageCount.toLocaleString()}</td>
                  <td>{scan.fileCount}</td>
                  <td>{scan.errorCount > 0 ? <strong>{scan.errorCount}</strong> : 0}</td>
                  <td>
                    {current ? (
                      <span className="muted">Showing</span>
                    ) : (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => props.onSelect(scan.id)}
                      >
                        Show<span className="visually-hidden"> scan of {formatDateTime(scan.createdAt)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
