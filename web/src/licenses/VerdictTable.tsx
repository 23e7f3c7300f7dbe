import { Link } from '../router';
import type { CheckedPackage } from './api';
import { categoryLabel, purlName, purlWithoutVersion } from './labels';
import { VerdictBadge } from './VerdictBadge';

/** Packages with their license verdicts and why; `waiveFor` adds a link to waive the ones not allowed. */
export function VerdictTable(props: { packages: CheckedPackage[]; waiveFor?: string | undefined }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">License verdicts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Version</th>
            <th scope="col">Verdict</th>
            <th scope="col">License</th>
            <th scope="col">Category</th>
            <th scope="col">Why</th>
            <th scope="col">Brought in by</th>
            {props.waiveFor ? (
              <th scope="col">
                <span className="visually-hidden">Waiver</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.packages.map((p) => (
            <tr key={p.purl}>
              <th scope="row" className="cell-name" title={p.purl}>
                {p.name}
              </th>
              <td>{p.version ?? <span className="muted">unpinned</span>}</td>
              <td>
                <VerdictBadge verdict={p.result.verdict} waived={p.result.waived} />
              </td>
              <td className="cell-license">
                <License pkg={p} />
              </td>
              <td>{[...new Set(p.result.reasons.map((r) => categoryLabel(r.category)))].join(', ')}</td>
              <td className="cell-why">
                <Why pkg={p} />
              </td>
              <td>
                <BroughtInBy pkg={p} />
              </td>
              {props.waiveFor ? (
                <td>
                  {p.result.verdict === 'allow' ? null : (
                    <Link
                      to={`/licenses/waivers?${new URLSearchParams({
                        package: purlWithoutVersion(p.purl),
                        project: props.waiveFor,
                      })}`}
                    >
                      Waive<span className="visually-hidden"> {p.name}</span>
                    </Link>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function License({ pkg }: { pkg: CheckedPackage }) {
  const { expression, elected } = pkg.result;
  const declared = pkg.declared.join(' AND ');
  return (
    <>
      <code className="expression">{expression}</code>
      {elected ? (
        <div className="small">
          elected: <code className="expression">{elected}</code>
        </div>
      ) : null}
      {pkg.declared.length > 0 && declared !== expression ? (
        <div className="small muted">declared: {pkg.declared.map((d) => `“${d}”`).join(', ')}</div>
      ) : null}
      {pkg.detected ? <div className="small muted">detected: {pkg.detected}</div> : null}
    </>
  );
}

function Why({ pkg }: { pkg: CheckedPackage }) {
  return (
    <ul className="reasons">
      {pkg.result.reasons.map((r) => (
        <li key={r.license}>
          <code className="expression">{r.license}</code>: {r.rule.description}
          {r.rule.reason ? <span className="muted"> ({r.rule.reason})</span> : null}
        </li>
      ))}
      {pkg.result.waived ? (
        <li>
          Waived by <Link to="/licenses/waivers">{pkg.result.waived}</Link>
        </li>
      ) : null}
    </ul>
  );
}

function BroughtInBy({ pkg }: { pkg: CheckedPackage }) {
  const chain = pkg.introducedBy?.slice(0, -1) ?? [];
  if (chain.length > 0) {
    return (
      <ol className="chain" aria-label={`Dependency path to ${pkg.name}`}>
        {chain.map((purl) => (
          <li key={purl}>
            <span title={purl}>{purlName(purl)}</span>
          </li>
        ))}
      </ol>
    );
  }
  if (pkg.direct === true) return <span className="muted">direct dependency</span>;
  return <span className="muted">{pkg.direct === false ? 'transitive' : 'not known'}</span>;
}
