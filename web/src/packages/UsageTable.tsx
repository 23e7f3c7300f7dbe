import { useRowWindow } from '../components/useRowWindow';
import { VerdictBadge } from '../licenses/VerdictBadge';
import { Link } from '../router';
import { advisoryPath, projectPagePath } from '../vulnerabilities/labels';
import { SeverityBadge, StateBadge } from '../vulnerabilities/SeverityBadge';
import type { PackageUsageRow } from './api';

const COLUMNS = 7;

/**
 * Every project and version using the package, by project name. Long lists are windowed: only the rows
 * in view are in the page, and the table says how many rows it has in all (aria-rowcount).
 */
export function UsageTable({ rows }: { rows: readonly PackageUsageRow[] }) {
  const win = useRowWindow(rows.length, { rowHeight: 49 });
  return (
    <div
      className={win.windowed ? 'table-wrap table-scroll' : 'table-wrap'}
      ref={win.ref}
      onScroll={win.onScroll}
      {...(win.windowed
        ? {
            tabIndex: 0,
            role: 'region',
            'aria-label': `Projects using the package, ${rows.length} rows, scrollable`,
          }
        : {})}
    >
      <table className="table" aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">Projects using the package</caption>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Project</th>
            <th scope="col">Version</th>
            <th scope="col">Scope</th>
            <th scope="col">Direct</th>
            <th scope="col">Declared license</th>
            <th scope="col">Verdict</th>
            <th scope="col">Findings</th>
          </tr>
        </thead>
        <tbody>
          {win.before > 0 ? <Spacer height={win.before} /> : null}
          {rows.slice(win.first, win.last).map((r, i) => (
            <tr key={`${r.projectId} ${r.purl}`} aria-rowindex={win.first + i + 2}>
              <th scope="row" className="cell-name">
                <Link to={projectPagePath(r.projectName)}>{r.projectName}</Link>
              </th>
              <td title={r.purl}>{r.version ?? <span className="muted">unpinned</span>}</td>
              <td>{r.scope}</td>
              <td>{r.direct === null ? <span className="muted">unknown</span> : r.direct ? 'yes' : 'no'}</td>
              <td className="cell-license">
                {r.licenses.length ? r.licenses.join(', ') : <span className="muted">none declared</span>}
              </td>
              <td>
                {r.verdict ? (
                  <VerdictBadge verdict={r.verdict.verdict} waived={r.verdict.waived ?? undefined} />
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {r.findings.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="finding-chips">
                    {r.findings.map((f) => (
                      <li key={f.advisory}>
                        <Link to={advisoryPath(f.advisory)}>{f.advisory}</Link>{' '}
                        <SeverityBadge severity={f.severity} /> <StateBadge triage={f.triage} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
          {win.after > 0 ? <Spacer height={win.after} /> : null}
        </tbody>
      </table>
    </div>
  );
}

/** Stands in for rows out of view, so the scrollbar keeps the whole list's size. */
function Spacer({ height }: { height: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row has nothing to focus or read
    <tr aria-hidden="true" className="spacer-row">
      <td colSpan={COLUMNS} style={{ height }} />
    </tr>
  );
}
