import { BarChart } from '../components/BarChart';
import { findingStates, severities, totalOf, type VulnerabilitySummary } from './api';
import { severityLabels, stateLabels } from './labels';

/** The headline numbers of the portfolio. */
export function SummaryFacts({ summary }: { summary: VulnerabilitySummary }) {
  const urgent = summary.open.critical + summary.open.high;
  const affected = summary.projectsAffected;
  const facts: [string, string, string][] = [
    ['Open findings', totalOf(summary.open).toLocaleString(), ''],
    ['Critical + high', urgent.toLocaleString(), urgent > 0 ? 'fact-urgent' : ''],
    ['Projects affected', affected.toLocaleString(), ''],
    ['Projects scanned', summary.projectsScanned.toLocaleString(), ''],
    ['Advisories in store', summary.advisories.toLocaleString(), ''],
  ];
  return (
    <dl className="facts vuln-facts">
      {facts.map(([name, value, tone]) => (
        <div key={name} className={tone}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Open findings by severity, every severity listed (zeros too), worst first. */
export function SeverityChart({ summary }: { summary: VulnerabilitySummary }) {
  const bars = severities.map((s) => ({
    key: s,
    label: severityLabels[s],
    value: summary.open[s],
    tone: `tone-sev-${s}`,
  }));
  return (
    <BarChart
      title="Open findings by severity"
      bars={bars}
      unit={['finding', 'findings']}
      note="Open: not triaged yet, in triage, or exploitable."
    />
  );
}

/** Every finding (open or not) by its triage state. */
export function StateChart({ summary }: { summary: VulnerabilitySummary }) {
  const bars = findingStates.map((s) => ({
    key: s,
    label: stateLabels[s],
    value: summary.states[s],
    tone: `tone-state-${s}`,
  }));
  return <BarChart title="Findings by triage state" bars={bars} unit={['finding', 'findings']} />;
}
