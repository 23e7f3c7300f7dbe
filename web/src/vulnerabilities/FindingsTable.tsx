import { packagePagePath } from '../packages/api';
import { Link } from '../router';
import type { FindingRow } from './api';
import { DependencyPaths } from './DependencyPaths';
import { advisoryPath, formatDay, projectPagePath } from './labels';
import { SeverityBadge, StateBadge } from './SeverityBadge';

/**
 * Findings, worst first (the server's order); each advisory links to its finding page. Across projects the
 * project is a column; within one, how the package comes in is.
 */
export function FindingsTable(props: {
  findings: readonly FindingRow[];
  caption: string;
  showProject: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Advisory</th>
            <th scope="col">Severity</th>
            <th scope="col">Package</th>
            {props.showProject ? <th scope="col">Project</th> : null}
            <th scope="col">Fixed in</th>
            {props.showProject ? null : <th scope="col">Brought in by</th>}
            <th scope="col">State</th>
            <th scope="col">First seen</th>
          </tr>
        </thead>
        <tbody>
          {props.findings.map((f) => (
            <tr key={`${f.projectId} ${f.purl} ${f.advisory}`}>
              <th scope="row" className="cell-name">
                <Link to={advisoryPath(f.advisory)}>{f.advisory}</Link>
                {f.summary ? <div className="small muted cell-summary">{f.summary}</div> : null}
              </th>
              <td>
                <SeverityBadge severity={f.severity} score={f.score} />
              </td>
              <td title={f.purl} className="cell-package">
                <Link to={packagePagePath(f.purl)}>{f.name}</Link> <span className="muted">{f.version}</span>
              </td>
              {props.showProject ? (
                <td className="cell-nowrap">
                  <Link to={projectPagePath(f.projectName)}>{f.projectName}</Link>
                </td>
              ) : null}
              <td>{f.fixed.length ? f.fixed.join(', ') : <span className="muted">no fix yet</span>}</td>
              {props.showProject ? null : (
                <td>
                  <DependencyPaths name={f.name} introducedBy={f.introducedBy} direct={f.direct} />
                </td>
              )}
              <td>
                <StateBadge triage={f.triage} />
              </td>
              <td className="cell-date">{formatDay(f.firstSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
