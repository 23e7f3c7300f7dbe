import type { FindingState, Severity, Triage } from './api';
import { severityLabels, stateLabels } from './labels';

const severityIcons: Record<Severity, string> = {
  critical: '◆',
  high: '▲',
  medium: '■',
  low: '●',
  unknown: '?',
};

/** A severity in words (and its score when known), with a shape and a colour that repeat the words. */
export function SeverityBadge({ severity, score }: { severity: Severity; score?: number | null }) {
  return (
    <span className={`badge badge-sev badge-sev-${severity}`}>
      <span aria-hidden="true">{severityIcons[severity]} </span>
      {severityLabels[severity]}
      {score !== null && score !== undefined ? (
        <span className="badge-score"> {score.toFixed(1)}</span>
      ) : null}
    </span>
  );
}

const stateIcons: Record<FindingState, string> = {
  untriaged: '○',
  in_triage: '◔',
  exploitable: '!',
  resolved: '✓',
  false_positive: '✕',
  not_affected: '✓',
};

/** A finding's triage state in words; `untriaged` when nobody has decided yet. */
export function StateBadge({ triage }: { triage: Triage | null }) {
  const state: FindingState = triage?.state ?? 'untriaged';
  return (
    <span className={`badge badge-state badge-state-${state}`}>
      <span aria-hidden="true">{stateIcons[state]} </span>
      {stateLabels[state]}
    </span>
  );
}
