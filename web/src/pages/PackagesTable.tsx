import type { ScanPackage } from '../api';
import { packagePagePath } from '../packages/api';
import { Link } from '../router';

export function PackagesTable({ packages }: { packages: ScanPackage[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Packages</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Version</th>
            <th scope="col">Ecosystem</th>
            <th scope="col">Scope</th>
            <th scope="col">Direct</th>
            <th scope="col">Licenses</th>
            <th scope="col">Found in</th>
          </tr>
        </thead>
        <tbody>
          {packages.map((p) => (
            <tr key={p.purl}>
              <th scope="row" className="cell-name" title={p.purl}>
                <Link to={packagePagePath(p.purl)}>{p.name}</Link>
              </th>
              <td>{p.version ?? <span className="muted">unpinned</span>}</td>
              <td>{p.ecosystem}</td>
              <td>{p.scope}</td>
              <td>{p.direct === null ? <span className="muted">unknown</span> : p.direct ? 'yes' : 'no'}</td>
              <td>
                {p.licenses.length ? p.licenses.join(', ') : <span className="muted">none declared</span>}
              </td>
              <td className="cell-description">{p.locations.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
