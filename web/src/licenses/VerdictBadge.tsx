import type { Verdict } from './api';
import { verdictLabels } from './labels';

const icons: Record<Verdict, string> = { deny: '✕', review: '!', allow: '✓' };

/** A verdict in words, with a shape and a colour that repeat what the words say. */
export function VerdictBadge({ verdict, waived }: { verdict: Verdict; waived?: string | undefined }) {
  if (waived) {
    return (
      <span className="badge badge-waived">
        <span aria-hidden="true">✓ </span>Waived
      </span>
    );
  }
  return (
    <span className={`badge badge-${verdict}`}>
      <span aria-hidden="true">{icons[verdict]} </span>
      {verdictLabels[verdict]}
    </span>
  );
}
