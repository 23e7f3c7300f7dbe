import { actorLabel } from '../licenses/labels';
import { formatDateTime } from '../pages/labels';
import { justificationLabel, responseLabel, sourceLabel } from './labels';

interface Decision {
  justification: string | null;
  response: string[];
  detail: string | null;
}

/** What a triage decided beyond its state: why, the response, the note, and who decided when. */
export function TriageDetail(props: {
  decision: Decision;
  by: string;
  at: string;
  source?: string | undefined;
}) {
  const { decision, by, at, source } = props;
  return (
    <div className="triage-detail small">
      {decision.justification ? <div>{justificationLabel(decision.justification)}</div> : null}
      {decision.response.length ? (
        <div>Response: {decision.response.map(responseLabel).join(', ')}</div>
      ) : null}
      {decision.detail ? <div className="triage-note">“{decision.detail}”</div> : null}
      <div className="muted">
        {actorLabel(by)}, {formatDateTime(at)}
        {source && source !== 'user' ? `, ${sourceLabel(source)}` : ''}
      </div>
    </div>
  );
}
