import { BarChart } from '../components/BarChart';
import { type SeverityCounts, severities } from '../vulnerabilities/api';
import { severityLabels } from '../vulnerabilities/labels';

/** Open findings by severity, every severity listed (zeros too), worst first. */
export function SeverityBars({ open }: { open: SeverityCounts }) {
  const bars = severities.map((s) => ({
    key: s,
    label: severityLabels[s],
    value: open[s] ?? 0,
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
