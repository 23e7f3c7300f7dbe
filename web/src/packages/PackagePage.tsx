import { useQuery } from '@tanstack/react-query';
import { ProblemAlert } from '../components/ProblemAlert';
import { PackageSearch } from '../home/PackageSearch';
import { PageHeader } from '../pages/PageHeader';
import { Link } from '../router';
import { AdvisoriesTable } from './AdvisoriesTable';
import { type PackageReport, packageApi, packagePagePath } from './api';
import { UsageTable } from './UsageTable';

/**
 * One package across the portfolio: the projects and versions using it (its blast radius), the licenses
 * the scans declare for it, and the advisories affecting a version in use; one request.
 */
export function PackagePage({ packageRef }: { packageRef: string }) {
  const report = useQuery({
    queryKey: ['package', packageRef],
    queryFn: () => packageApi.get(packageRef),
  });
  const title = report.data?.query.name ?? packageRef;
  return (
    <>
      <PageHeader title={title} />
      {report.isPending ? (
        <p className="muted" role="status">
          Loading {packageRef}…
        </p>
      ) : report.isError ? (
        <>
          <ProblemAlert error={report.error} title={`Could not load ${packageRef}`} />
          <PackageSearch />
        </>
      ) : (
        <PackageBody report={report.data} packageRef={packageRef} />
      )}
    </>
  );
}

function PackageBody({ report, packageRef }: { report: PackageReport; packageRef: string }) {
  const ecosystems = [...new Set(report.usage.map((u) => u.ecosystem))];
  const open = report.advisories.reduce((sum, a) => sum + a.open, 0);
  if (report.usage.length === 0) {
    return (
      <>
        <section className="empty-state" aria-labelledby="package-unused">
          <h2 id="package-unused">No project uses {packageRef}</h2>
          <p>
            No project's latest scan has a package{' '}
            {report.query.ecosystem ? `in ${report.query.ecosystem} ` : ''}
            named <code>{report.query.name}</code>. Names are compared exactly, as each ecosystem writes them;
            try the package URL (for example <code>pkg:npm/lodash</code>) or another spelling.
          </p>
        </section>
        <PackageSearch />
      </>
    );
  }
  return (
    <>
      <p className="lead">
        {report.query.ecosystem ?? ecosystems.join(', ')} package
        {report.query.version ? ` at version ${report.query.version}` : ''}, as each project's latest scan has
        it.
      </p>
      <dl className="facts">
        <Fact name="Projects using it" value={report.projects} />
        <Fact name="Versions in use" value={report.versions.length} />
        <Fact name="Advisories" value={report.advisories.length} />
        <Fact name="Open findings" value={open} />
      </dl>
      {ecosystems.length > 1 ? (
        <p className="note">
          Packages of this name in {ecosystems.length} ecosystems are shown together. Only one:{' '}
          {ecosystems.map((e, i) => {
            const purl = report.usage.find((u) => u.ecosystem === e)?.purl ?? '';
            return (
              <span key={e}>
                {i > 0 ? ', ' : null}
                <Link to={packagePagePath(purl)}>{e}</Link>
              </span>
            );
          })}
          .
        </p>
      ) : null}
      <section aria-labelledby="package-usage" className="panel">
        <h2 id="package-usage">Where it is used</h2>
        <UsageTable rows={report.usage} />
      </section>
      <div className="chart-row">
        <section aria-labelledby="package-versions" className="panel">
          <h2 id="package-versions">Versions</h2>
          <ul className="plain-list">
            {report.versions.map((v) => (
              <li key={v.purl}>
                <span className="cell-name">{v.version ?? 'unpinned'}</span>{' '}
                <span className="muted">
                  in {v.projects.toLocaleString()} {v.projects === 1 ? 'project' : 'projects'}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="package-licenses" className="panel">
          <h2 id="package-licenses">Licenses</h2>
          <ul className="plain-list">
            {report.licenses.map((l) => (
              <li key={l.expression}>
                {l.expression ? (
                  <code className="expression">{l.expression}</code>
                ) : (
                  <span className="muted">none declared</span>
                )}{' '}
                <span className="muted">
                  in {l.projects.toLocaleString()} {l.projects === 1 ? 'project' : 'projects'}
                </span>
              </li>
            ))}
          </ul>
          {report.policyVersion !== null ? (
            <p className="muted small">
              Verdicts in the table above come from{' '}
              <Link to="/licenses/policy">
                {report.policyVersion === 0
                  ? 'the built-in license policy'
                  : `license policy version ${report.policyVersion}`}
              </Link>{' '}
              in each project's distribution context.
            </p>
          ) : null}
        </section>
      </div>
      <section aria-labelledby="package-advisories" className="panel">
        <h2 id="package-advisories">Advisories</h2>
        {report.advisories.length === 0 ? (
          <p className="notice">
            <span aria-hidden="true">✓ </span>No advisory in the store affects a version in use.
          </p>
        ) : (
          <AdvisoriesTable advisories={report.advisories} />
        )}
      </section>
    </>
  );
}

function Fact({ name, value }: { name: string; value: number }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value.toLocaleString()}</dd>
    </div>
  );
}
