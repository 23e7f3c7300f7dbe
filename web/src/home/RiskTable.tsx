import { formatDate, formatDateTime } from '../pages/labels';
import { Link } from '../router';
import { projectPagePath } from '../vulnerabilities/labels';
import type { Portfolio } from './api';

/** The projects most at risk, in the server's order: critical, high, denied, to review, other open. */
export function RiskTable({ risk }: { risk: Portfolio['risk'] }) {
  const showLicenses = risk.projects.some((p) => p.licenses !== null);
  return (
    <section aria-labelledby="home-risk" className="panel">
      <h2 id="home-risk">Projects by risk</h2>
      {risk.projects.length === 0 ? (
        <p className="notice">
          <span aria-hidden="true">✓ </span>No scanned project has open findings or license problems.
        </p>
      ) : (
        <>
          <p className="muted small">
            Worst first: open critical findings, then high, then denied licenses, then licenses to review.
            {risk.atRisk > risk.projects.length
              ? ` The ${risk.projects.length} worst of ${risk.atRisk.toLocaleString()} projects at risk.`
              : ''}
          </p>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Projects by risk</caption>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col" className="cell-number">
                    Critical
                  </th>
                  <th scope="col" className="cell-number">
                    High
                  </th>
                  {showLicenses ? (
                    <>
                      <th scope="col" className="cell-number">
                        Denied
                      </th>
                      <th scope="col" className="cell-number">
                        To review
                      </th>
                    </>
                  ) : null}
                  <th scope="col" className="cell-number">
                    Other open
                  </th>
                  <th scope="col">Last scan</th>
                </tr>
              </thead>
              <tbody>
                {risk.projects.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" className="cell-name">
                      <Link to={projectPagePath(p.name)}>{p.name}</Link>
                    </th>
                    <Count value={p.open.critical} tone="count-sev-critical" />
                    <Count value={p.open.high} tone="count-sev-high" />
                    {showLicenses ? (
                      <>
                        <Count value={p.licenses?.deny ?? 0} tone="count-deny" />
                        <Count value={p.licenses?.review ?? 0} tone="count-review" />
                      </>
                    ) : null}
                    <Count value={p.open.medium + p.open.low + p.open.unknown} />
                    <td className="cell-date">
                      {p.scannedAt ? (
                        <time dateTime={p.scannedAt} title={formatDateTime(p.scannedAt)}>
                          {formatDate(p.scannedAt)}
                        </time>
                      ) : (
                        <span className="muted">never</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** A count; a non-zero one in a marked column is bold as well as coloured. */
function Count({ value, tone }: { value: number; tone?: string }) {
  return (
    <td className="cell-number">
      {value > 0 && tone ? (
        <strong className={tone}>{value.toLocaleString()}</strong>
      ) : (
        value.toLocaleString()
      )}
    </td>
  );
}
