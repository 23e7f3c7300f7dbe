import { Link } from '../router';
import { type CategoryCounts, licenseCategories, type PortfolioLicenses } from './api';
import { categoryLabels, distributionLabel } from './labels';

/** Projects by their verdicts, worst first (the server's order). */
export function PortfolioTable({ projects }: { projects: PortfolioLicenses['projects'] }) {
  return (
    <section aria-labelledby="portfolio-projects">
      <h2 id="portfolio-projects">Projects, worst first</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">License verdicts by project</caption>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Context</th>
              <th scope="col" className="cell-number">
                Denied
              </th>
              <th scope="col" className="cell-number">
                To review
              </th>
              <th scope="col" className="cell-number">
                Waived
              </th>
              <th scope="col" className="cell-number">
                Packages
              </th>
              <th scope="col">Categories</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <th scope="row" className="cell-name">
                  <Link to={`/projects/${encodeURIComponent(p.name)}`}>{p.name}</Link>
                </th>
                <td>{distributionLabel(p.context)}</td>
                {p.scanId === null ? (
                  <td colSpan={5} className="muted">
                    No scan yet
                  </td>
                ) : (
                  <>
                    <td className="cell-number">{count(p.summary.deny, 'deny')}</td>
                    <td className="cell-number">{count(p.summary.review, 'review')}</td>
                    <td className="cell-number">{p.summary.waived.toLocaleString()}</td>
                    <td className="cell-number">{p.summary.packages.toLocaleString()}</td>
                    <td className="cell-description">{categoryList(p.categories)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function count(n: number, tone: string) {
  return n > 0 ? <strong className={`count-${tone}`}>{n.toLocaleString()}</strong> : '0';
}

/** `Permissive 12, Strong copyleft 1`, in the categories' usual order. */
export function categoryList(categories: CategoryCounts): string {
  const parts = licenseCategories
    .filter((c) => (categories[c] ?? 0) > 0)
    .map((c) => `${categoryLabels[c]} ${categories[c]?.toLocaleString()}`);
  return parts.length ? parts.join(', ') : 'none';
}
