import { useQuery } from '@tanstack/react-query';
import type { User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { CategoryChart } from '../licenses/CategoryChart';
import { PageHeader } from '../pages/PageHeader';
import { Link } from '../router';
import { TrendChart } from '../vulnerabilities/TrendChart';
import { ActivityList } from './ActivityList';
import { type Portfolio, portfolioApi, portfolioKey } from './api';
import { FreshnessPanel } from './FreshnessPanel';
import { GettingStarted, isSetUp } from './GettingStarted';
import { HomeFacts } from './HomeFacts';
import { PackageSearch } from './PackageSearch';
import { RiskTable } from './RiskTable';
import { SeverityBars } from './SeverityBars';

/**
 * The portfolio home: headline facts, the riskiest projects, licenses, vulnerabilities and their trend,
 * projects gone unscanned, and recent activity, all from the one GET /api/v1/portfolio.
 */
export function HomePage({ user }: { user: User }) {
  const home = useQuery({ queryKey: portfolioKey, queryFn: portfolioApi.home });
  return (
    <>
      <PageHeader title="Portfolio" />
      {home.isPending ? (
        <p className="muted" role="status">
          Loading the portfolio…
        </p>
      ) : home.isError ? (
        <ProblemAlert error={home.error} title="Could not load the portfolio" />
      ) : (
        <HomeBody data={home.data} user={user} />
      )}
    </>
  );
}

function HomeBody({ data, user }: { data: Portfolio; user: User }) {
  const { licenses, vulnerabilities, freshness } = data;
  return (
    <>
      <p className="lead">
        Every project's latest scan: what is most at risk, which licenses are in use, which vulnerabilities
        are open, and what has gone unscanned.
      </p>
      <HomeFacts data={data} />
      {isSetUp(data) ? null : <GettingStarted data={data} user={user} />}
      <PackageSearch />
      {data.projects.scanned > 0 ? (
        <>
          <RiskTable risk={data.risk} />
          <div className="chart-row">
            {licenses ? (
              <section aria-labelledby="home-licenses" className="panel">
                <h2 id="home-licenses">Licenses</h2>
                <CategoryChart categories={licenses.categories} />
                <p className="small">
                  {licenses.totals.deny.toLocaleString()} denied and {licenses.totals.review.toLocaleString()}{' '}
                  to review of {licenses.totals.packages.toLocaleString()} packages.{' '}
                  <Link to="/licenses">All license verdicts</Link>
                </p>
              </section>
            ) : null}
            {vulnerabilities ? (
              <section aria-labelledby="home-vulns" className="panel">
                <h2 id="home-vulns">Vulnerabilities</h2>
                <SeverityBars open={vulnerabilities.open} />
                <p className="small">
                  {vulnerabilities.projectsAffected.toLocaleString()} of{' '}
                  {vulnerabilities.projects.toLocaleString()} scanned projects have open findings.{' '}
                  <Link to="/vulnerabilities">Triage queue</Link>
                </p>
              </section>
            ) : null}
          </div>
          {vulnerabilities && vulnerabilities.advisories > 0 ? (
            <TrendChart trend={vulnerabilities.trend} />
          ) : null}
        </>
      ) : null}
      {freshness && data.projects.total > 0 ? <FreshnessPanel freshness={freshness} /> : null}
      {data.activity ? <ActivityList entries={data.activity} /> : null}
    </>
  );
}
