import { useQuery } from '@tanstack/react-query';
import { ProblemAlert } from '../components/ProblemAlert';
import { Link } from '../router';
import { licenseApi, licensesKey } from './api';
import { CategoryChart } from './CategoryChart';
import { PortfolioTable } from './PortfolioTable';
import { SummaryFacts } from './SummaryFacts';

/** Every project's latest scan judged against the policy: totals, categories, and the worst projects first. */
export function PortfolioView() {
  const portfolio = useQuery({ queryKey: [...licensesKey, 'portfolio'], queryFn: licenseApi.portfolio });
  if (portfolio.isPending) return <p className="muted">Loading license verdicts…</p>;
  if (portfolio.isError) return <ProblemAlert error={portfolio.error} title="Could not load the licenses" />;
  const { totals, categories, projects, policyVersion } = portfolio.data;
  const scanned = projects.filter((p) => p.scanId !== null);
  return (
    <>
      <p className="muted">
        Every project's latest scan, judged against{' '}
        <Link to="/licenses/policy">
          {policyVersion === 0 ? 'the built-in license policy' : `license policy version ${policyVersion}`}
        </Link>
        .
      </p>
      {scanned.length === 0 ? (
        <section className="empty-state" aria-labelledby="licenses-empty">
          <h2 id="licenses-empty">No scans yet</h2>
          <p>
            License verdicts are not available yet: no project has a saved scan. A scan records every
            dependency of a project with its declared licenses; save one from the project's checkout, or
            upload an SBOM to <code>POST /api/v1/projects/NAME/scans</code>.
          </p>
          <pre className="command">
            <code>ospo scan . --save --project NAME</code>
          </pre>
        </section>
      ) : (
        <>
          <SummaryFacts summary={totals} />
          {totals.deny + totals.review === 0 ? (
            <p className="notice">
              <span aria-hidden="true">✓ </span>All {totals.packages.toLocaleString()} packages are allowed by
              the policy.
            </p>
          ) : null}
          <CategoryChart categories={categories} />
          <PortfolioTable projects={projects} />
        </>
      )}
    </>
  );
}
