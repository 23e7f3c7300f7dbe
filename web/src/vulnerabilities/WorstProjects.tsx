import { Link } from '../router';
import { type ProjectCounts, severities, totalOf } from './api';
import { projectPagePath, severityLabels } from './labels';

/** The projects with the worst open findings, in the server's order. */
export function WorstProjects({ projects }: { projects: readonly ProjectCounts[] }) {
  return (
    <section aria-labelledby="worst-projects" className="panel">
      <h2 id="worst-projects">Projects, worst first</h2>
      {projects.length === 0 ? (
        <p className="muted">No project has open findings.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Open findings by project</caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                {severities.map((s) => (
                  <th key={s} scope="col" className="cell-number">
                    {severityLabels[s]}
                  </th>
                ))}
                <th scope="col" className="cell-number">
                  Open
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="cell-name">
                    <Link to={projectPagePath(p.name)}>{p.name}</Link>
                  </th>
                  {severities.map((s) => (
                    <td key={s} className="cell-number">
                      {p[s] > 0 && (s === 'critical' || s === 'high') ? (
                        <strong className={`count-sev-${s}`}>{p[s].toLocaleString()}</strong>
                      ) : (
                        p[s].toLocaleString()
                      )}
                    </td>
                  ))}
                  <td className="cell-number">{totalOf(p).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
