import type { Project } from '../api';
import { Link } from '../router';
import { formatDate, formatDateTime, lifecycleLabels, relationLabels } from './labels';

export function ProjectsTable({ projects }: { projects: Project[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Projects</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Lifecycle</th>
            <th scope="col">Relation</th>
            <th scope="col">Description</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr key={project.id}>
              <th scope="row" className="cell-name">
                <Link to={`/projects/${encodeURIComponent(project.name)}`}>{project.name}</Link>
              </th>
              <td>
                <span className={`badge badge-${project.lifecycle}`}>
                  {lifecycleLabels[project.lifecycle]}
                </span>
              </td>
              <td>{relationLabels[project.relation]}</td>
              <td className="cell-description">
                {project.description ?? (
                  <span className="muted">
                    <span aria-hidden="true">—</span>
                    <span className="visually-hidden">No description</span>
                  </span>
                )}
              </td>
              <td className="cell-date">
                <time dateTime={project.createdAt} title={formatDateTime(project.createdAt)}>
                  {formatDate(project.createdAt)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
