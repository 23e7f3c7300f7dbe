import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, type User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate } from '../pages/labels';
import { PageHeader } from '../pages/PageHeader';
import { Link, navigate } from '../router';
import { AffectedProjects } from './AffectedProjects';
import { type Advisory, vulnApi, vulnerabilitiesKey } from './api';
import { advisoryPath } from './labels';
import { readableRange } from './ranges';
import { SeverityBadge } from './SeverityBadge';

/**
 * One advisory (the finding page): what it says, what it affects, and the findings it raised in the
 * portfolio, with their triage.
 */
export function AdvisoryPage({ id, user }: { id: string; user: User }) {
  const client = useQueryClient();
  const advisory = useQuery({
    queryKey: [...vulnerabilitiesKey, 'advisory', id],
    queryFn: () => vulnApi.advisory(id),
  });
  // the server finds an advisory by any of its aliases too: show it under its own id
  const found = advisory.data;
  useEffect(() => {
    if (!found || found.id === id) return;
    client.setQueryData([...vulnerabilitiesKey, 'advisory', found.id], found);
    navigate(advisoryPath(found.id), { replace: true });
  }, [client, found, id]);
  return (
    <>
      <PageHeader title={id} />
      <p className="small">
        <Link to="/vulnerabilities">
          <span aria-hidden="true">← </span>All vulnerabilities
        </Link>
      </p>
      {advisory.isPending ? <p className="muted">Loading {id}…</p> : null}
      {advisory.isError ? (
        advisory.error instanceof ApiError && advisory.error.status === 404 ? (
          <section className="empty-state" aria-labelledby="advisory-missing">
            <h2 id="advisory-missing">No advisory {id} in the store</h2>
            <p>
              The store has no advisory with this id. Import it with <code>ospo advisories import PATH</code>,
              or look for it in the <Link to="/vulnerabilities">triage queue</Link> under another of its ids.
            </p>
          </section>
        ) : (
          <ProblemAlert error={advisory.error} title={`Could not load ${id}`} />
        )
      ) : null}
      {advisory.data ? <AdvisoryBody advisory={advisory.data} user={user} /> : null}
    </>
  );
}

function AdvisoryBody({ advisory: a, user }: { advisory: Advisory; user: User }) {
  return (
    <>
      {a.summary ? <p className="lead">{a.summary}</p> : null}
      {a.withdrawn ? (
        <p className="note" role="note">
          <strong>Withdrawn</strong> on {formatDate(a.withdrawn)}: its publisher no longer stands by this
          advisory.
        </p>
      ) : null}
      <dl className="facts vuln-facts">
        <div>
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={a.severity} score={a.score} />
          </dd>
        </div>
        {a.cvss ? (
          <div>
            <dt>CVSS {a.cvss.version}</dt>
            <dd>
              <code className="vector">{a.cvss.vector}</code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Published</dt>
          <dd>{a.published ? formatDate(a.published) : 'not known'}</dd>
        </div>
        <div>
          <dt>Modified</dt>
          <dd>{formatDate(a.modified)}</dd>
        </div>
        {a.aliases.length > 0 ? (
          <div>
            <dt>Also known as</dt>
            <dd>
              <ul className="inline-list">
                {a.aliases.map((alias) => (
                  <li key={alias}>{alias}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      <AffectedProjects advisory={a} user={user} />
      {a.details ? (
        <section aria-labelledby="advisory-details" className="panel">
          <h2 id="advisory-details">Details</h2>
          <div className="advisory-details">
            {paragraphs(a.details).map((text, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the paragraphs of one text never reorder
              <p key={index}>{text}</p>
            ))}
          </div>
        </section>
      ) : null}
      <section aria-labelledby="advisory-affected" className="panel">
        <h2 id="advisory-affected">Affected packages</h2>
        {a.affected.length === 0 ? (
          <p className="muted">The advisory names no affected package.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Affected packages and versions</caption>
              <thead>
                <tr>
                  <th scope="col">Package</th>
                  <th scope="col">Ecosystem</th>
                  <th scope="col">Affected ranges</th>
                  <th scope="col">Versions listed</th>
                </tr>
              </thead>
              <tbody>
                {a.affected.map((entry, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an advisory may list one package twice
                  <tr key={`${index}-${entry.ecosystem}-${entry.name}`}>
                    <th scope="row" className="cell-name">
                      {entry.name}
                    </th>
                    <td>{entry.ecosystem}</td>
                    <td>
                      <Ranges ranges={entry.ranges} />
                    </td>
                    <td>
                      <Versions versions={entry.versions} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <References references={a.references} />
    </>
  );
}

function Ranges({ ranges }: { ranges: unknown[] }) {
  if (ranges.length === 0) return <span className="muted">only the versions listed</span>;
  return (
    <ul className="ranges">
      {ranges.map((range, index) => {
        const r = readableRange(range);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: ranges keep the advisory's order
          <li key={index}>
            <span className="badge badge-neutral">{r.type}</span>
            {r.repo ? <span className="small muted"> {r.repo}</span> : null}
            <ul>
              {r.intervals.length ? (
                r.intervals.map((text) => <li key={text}>{text}</li>)
              ) : (
                <li className="muted">no events</li>
              )}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

const VERSIONS_SHOWN = 12;

function Versions({ versions }: { versions: string[] }) {
  if (versions.length === 0) return <span className="muted">none</span>;
  const shown = versions.slice(0, VERSIONS_SHOWN).join(', ');
  if (versions.length <= VERSIONS_SHOWN) return <span className="versions">{shown}</span>;
  return (
    <details className="versions">
      <summary>
        {shown}, and {(versions.length - VERSIONS_SHOWN).toLocaleString()} more
      </summary>
      {versions.slice(VERSIONS_SHOWN).join(', ')}
    </details>
  );
}

function References({ references }: { references: Advisory['references'] }) {
  return (
    <section aria-labelledby="advisory-references" className="panel">
      <h2 id="advisory-references">References</h2>
      {references.length === 0 ? (
        <p className="muted">The advisory gives no references.</p>
      ) : (
        <ul className="references">
          {references.map((ref) => (
            <li key={`${ref.type} ${ref.url}`}>
              <span className="badge badge-neutral">{referenceType(ref.type)}</span>{' '}
              {/^https?:\/\//i.test(ref.url) ? (
                <a href={ref.url} rel="noreferrer">
                  {ref.url}
                </a>
              ) : (
                // not a web address (or a script one): shown, never followed
                <span className="muted">{ref.url}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const referenceType = (type: string) =>
  ({
    ADVISORY: 'Advisory',
    ARTICLE: 'Article',
    DETECTION: 'Detection',
    DISCUSSION: 'Discussion',
    REPORT: 'Report',
    FIX: 'Fix',
    INTRODUCED: 'Introduced',
    PACKAGE: 'Package',
    EVIDENCE: 'Evidence',
    WEB: 'Web',
  })[type] ?? type;

/** Plain-text paragraphs of an advisory's details (markdown in OSV): never rendered as HTML. */
function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
