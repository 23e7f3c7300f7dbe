import { Link } from '../router';
import { advisoryPath } from '../vulnerabilities/labels';
import { SeverityBadge } from '../vulnerabilities/SeverityBadge';
import type { PackageAdvisory } from './api';

/** The advisories that affect a version in use, worst first; each links to its page. */
export function AdvisoriesTable({ advisories }: { advisories: readonly PackageAdvisory[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Advisories affecting this package</caption>
        <thead>
          <tr>
            <th scope="col">Advisory</th>
            <th scope="col">Severity</th>
            <th scope="col">Versions in use affected</th>
            <th scope="col">Fixed in</th>
            <th scope="col" className="cell-number">
              Projects
            </th>
            <th scope="col" className="cell-number">
              Open findings
            </th>
          </tr>
        </thead>
        <tbody>
          {advisories.map((a) => (
            <tr key={a.id}>
              <th scope="row" className="cell-name">
                <Link to={advisoryPath(a.id)}>{a.id}</Link>
                {a.summary ? <div className="small muted cell-summary">{a.summary}</div> : null}
              </th>
              <td>
                <SeverityBadge severity={a.severity} score={a.score} />
              </td>
              <td>{a.versions.join(', ')}</td>
              <td>{a.fixed.length ? a.fixed.join(', ') : <span className="muted">no fix yet</span>}</td>
              <td className="cell-number">{a.projects.toLocaleString()}</td>
              <td className="cell-number">{a.open.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
