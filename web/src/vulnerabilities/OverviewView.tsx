import { useQuery } from '@tanstack/react-query';
import { ProblemAlert } from '../components/ProblemAlert';
import { findingStates, vulnApi, vulnerabilitiesKey } from './api';
import { FindingsQueue } from './FindingsQueue';
import { SeverityChart, StateChart, SummaryFacts } from './SummaryCharts';
import { TrendChart } from './TrendChart';
import { WorstProjects } from './WorstProjects';

/** The portfolio's findings: headline numbers, charts, the worst projects, and the triage queue. */
export function OverviewView() {
  const summary = useQuery({ queryKey: [...vulnerabilitiesKey, 'summary'], queryFn: vulnApi.summary });
  if (summary.isPending) return <p className="muted">Loading vulnerabilities…</p>;
  if (summary.isError)
    return <ProblemAlert error={summary.error} title="Could not load the vulnerabilities" />;
  const data = summary.data;
  if (data.advisories === 0) {
    return (
      <section className="empty-state" aria-labelledby="vulns-empty">
        <h2 id="vulns-empty">No advisories in the store</h2>
        <p>
          Findings come from matching each project's latest scan against security advisories, and the store
          has none yet. Import OSV records (JSON files, folders of them, or an osv.dev zip dump such as{' '}
          <code>all.zip</code>):
        </p>
        <pre className="command">
          <code>ospo advisories import PATH</code>
        </pre>
        <p className="muted">Scans saved from then on are matched against them.</p>
      </section>
    );
  }
  const findings = findingStates.reduce((sum, s) => sum + data.states[s], 0);
  return (
    <>
      <p className="muted">Every project's latest scan, matched against the advisories in the store.</p>
      <SummaryFacts summary={data} />
      {findings === 0 ? (
        data.projectsScanned === 0 ? (
          <section className="empty-state" aria-labelledby="vulns-no-scans">
            <h2 id="vulns-no-scans">No scans yet</h2>
            <p>
              No project has a saved scan to match against the {data.advisories.toLocaleString()} advisories
              in the store. Save one from a project's checkout, or upload an SBOM to{' '}
              <code>POST /api/v1/projects/NAME/scans</code>:
            </p>
            <pre className="command">
              <code>ospo scan . --save --project NAME</code>
            </pre>
          </section>
        ) : (
          <p className="notice">
            <span aria-hidden="true">✓ </span>No package in the latest scans of the{' '}
            {data.projectsScanned.toLocaleString()} scanned projects is affected by the{' '}
            {data.advisories.toLocaleString()} advisories in the store.
          </p>
        )
      ) : (
        <>
          <div className="chart-row">
            <SeverityChart summary={data} />
            <StateChart summary={data} />
          </div>
          <TrendChart trend={data.trend} />
          <WorstProjects projects={data.worst} />
          <section aria-labelledby="triage-queue" className="panel">
            <h2 id="triage-queue">Triage queue</h2>
            <p className="muted small">
              Worst first. Open the advisory to see every project it affects, and to triage each finding.
            </p>
            <FindingsQueue caption="Triage queue" />
          </section>
        </>
      )}
    </>
  );
}
