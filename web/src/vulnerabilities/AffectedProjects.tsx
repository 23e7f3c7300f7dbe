import { Fragment, useState } from 'react';
import type { User } from '../api';
import { packagePagePath } from '../packages/api';
import { Link } from '../router';
import type { Advisory, FindingRow } from './api';
import { DependencyPaths } from './DependencyPaths';
import { projectPagePath, triagers } from './labels';
import { SeverityBadge, StateBadge } from './SeverityBadge';
import { TriageDetail } from './TriageDetail';
import { TriageForm } from './TriageForm';
import { TriageHistory } from './TriageHistory';

type Open = { triage: boolean; history: boolean };
const keyOf = (f: FindingRow) => `${f.projectId} ${f.purl}`;

/**
 * The findings an advisory raised, one row per project and package: version, fixes, how it comes in, its
 * triage state; a triage form (for the roles that may triage) and the row's history open beneath it.
 */
export function AffectedProjects({ advisory, user }: { advisory: Advisory; user: User }) {
  const [open, setOpen] = useState<Record<string, Open>>({});
  const canTriage = triagers.has(user.role);
  const toggle = (key: string, part: keyof Open) =>
    setOpen((current) => {
      const now = current[key] ?? { triage: false, history: false };
      return { ...current, [key]: { ...now, [part]: !now[part] } };
    });
  const findings = advisory.findings;
  return (
    <section aria-labelledby="affected-projects" className="panel">
      <h2 id="affected-projects">Affected projects</h2>
      {findings.length === 0 ? (
        <p className="muted">
          No project's latest scan has a package this advisory affects
          {advisory.withdrawn ? ' (a withdrawn advisory raises no findings)' : ''}.
        </p>
      ) : (
        <>
          {canTriage ? null : (
            <p className="muted small">
              Read-only: your role ({user.role}) cannot triage findings; admin, ospo and security can.
            </p>
          )}
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Projects affected by {advisory.id}</caption>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Package</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Fixed in</th>
                  <th scope="col">Dependency paths</th>
                  <th scope="col">Triage</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {findings.map((f) => {
                  const key = keyOf(f);
                  const state = open[key] ?? { triage: false, history: false };
                  const panelId = `finding-${cssId(key)}`;
                  const what = `${f.name} ${f.version} in ${f.projectName}`;
                  return (
                    <Fragment key={key}>
                      <tr>
                        <th scope="row" className="cell-name">
                          <Link to={projectPagePath(f.projectName)}>{f.projectName}</Link>
                        </th>
                        <td title={f.purl} className="cell-package">
                          <Link to={packagePagePath(f.purl)}>{f.name}</Link>{' '}
                          <span className="muted">{f.version}</span>
                        </td>
                        <td>
                          <SeverityBadge severity={f.severity} score={f.score} />
                        </td>
                        <td>
                          {f.fixed.length ? f.fixed.join(', ') : <span className="muted">no fix yet</span>}
                        </td>
                        <td>
                          <DependencyPaths name={f.name} introducedBy={f.introducedBy} direct={f.direct} />
                        </td>
                        <td>
                          <StateBadge triage={f.triage} />
                          {f.triage ? (
                            <TriageDetail
                              decision={f.triage}
                              by={f.triage.updatedBy}
                              at={f.triage.updatedAt}
                            />
                          ) : null}
                        </td>
                        <td className="cell-actions">
                          {canTriage ? (
                            <button
                              type="button"
                              className="button button-small"
                              aria-expanded={state.triage}
                              aria-controls={panelId}
                              onClick={() => toggle(key, 'triage')}
                            >
                              Triage<span className="visually-hidden"> {what}</span>
                            </button>
                          ) : null}{' '}
                          <button
                            type="button"
                            className="button button-small"
                            aria-expanded={state.history}
                            aria-controls={panelId}
                            onClick={() => toggle(key, 'history')}
                          >
                            History<span className="visually-hidden"> of {what}</span>
                          </button>
                        </td>
                      </tr>
                      <tr id={panelId} className="row-detail" hidden={!state.triage && !state.history}>
                        <td colSpan={7}>
                          <div className="finding-detail">
                            {canTriage && state.triage ? (
                              <TriageForm finding={f} onDone={() => toggle(key, 'triage')} />
                            ) : null}
                            {state.history ? <TriageHistory finding={f} /> : null}
                          </div>
                        </td>
                      </tr>
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const cssId = (text: string) => text.replace(/[^a-zA-Z0-9_-]/g, '_');
