import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrors } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import {
  cyclonedxJustifications,
  type FindingRow,
  openvexJustifications,
  type TriageState,
  triageResponses,
  triageStates,
  vulnApi,
  vulnerabilitiesKey,
} from './api';
import { justificationLabels, responseLabels, stateLabels } from './labels';

/** Decide about one finding: its state, why it is not affected, the response, and a note. */
export function TriageForm({ finding, onDone }: { finding: FindingRow; onDone: () => void }) {
  const id = useId();
  const client = useQueryClient();
  const [state, setState] = useState<TriageState>(finding.triage?.state ?? 'in_triage');
  const [justification, setJustification] = useState(finding.triage?.justification ?? '');
  const [response, setResponse] = useState<string[]>(finding.triage?.response ?? []);
  const [detail, setDetail] = useState(finding.triage?.detail ?? '');
  const [local, setLocal] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () =>
      vulnApi.triage(finding.projectId, {
        purl: finding.purl,
        advisory: finding.advisory,
        state,
        justification: state === 'not_affected' ? justification : null,
        response,
        detail: detail.trim() || null,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: vulnerabilitiesKey }),
  });
  const notAffected = state === 'not_affected';
  const justificationError = local ?? fieldErrors(save.error).justification;
  const what = `${finding.name} ${finding.version} in ${finding.projectName}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (notAffected && !justification) {
      setLocal('Choose why the project is not affected.');
      document.getElementById(`${id}-justification`)?.focus();
      return;
    }
    setLocal(undefined);
    save.mutate();
  };
  const toggleResponse = (code: string, on: boolean) =>
    setResponse((current) => (on ? [...current, code] : current.filter((c) => c !== code)));

  return (
    <form className="triage-form" onSubmit={submit} aria-label={`Triage ${what}`} noValidate>
      <ProblemAlert error={save.error} title="Could not save the triage" />
      <div className="field">
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          value={state}
          onChange={(e) => {
            setState(e.target.value as TriageState);
            save.reset();
          }}
        >
          {triageStates.map((s) => (
            <option key={s} value={s}>
              {stateLabels[s]}
            </option>
          ))}
        </select>
      </div>
      {notAffected ? (
        <div className={justificationError ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-justification`}>Justification</label>
          <select
            id={`${id}-justification`}
            value={justification}
            required
            aria-invalid={justificationError ? true : undefined}
            aria-describedby={justificationError ? `${id}-justification-error` : `${id}-justification-help`}
            onChange={(e) => {
              setJustification(e.target.value);
              setLocal(undefined);
            }}
          >
            <option value="">Choose why…</option>
            <optgroup label="CycloneDX">
              {cyclonedxJustifications.map((j) => (
                <option key={j} value={j}>
                  {justificationLabels[j]}
                </option>
              ))}
            </optgroup>
            <optgroup label="OpenVEX">
              {openvexJustifications.map((j) => (
                <option key={j} value={j}>
                  {justificationLabels[j]}
                </option>
              ))}
            </optgroup>
          </select>
          {justificationError ? (
            <p className="field-error" id={`${id}-justification-error`}>
              <span aria-hidden="true">✕ </span>
              {justificationError}
            </p>
          ) : (
            <p className="field-help" id={`${id}-justification-help`}>
              Required for “Not affected”; VEX exports carry it.
            </p>
          )}
        </div>
      ) : null}
      <fieldset className="checkbox-group">
        <legend>Response (optional)</legend>
        {triageResponses.map((r) => (
          <label key={r} className="checkbox">
            <input
              type="checkbox"
              checked={response.includes(r)}
              onChange={(e) => toggleResponse(r, e.target.checked)}
            />
            {responseLabels[r]}
          </label>
        ))}
      </fieldset>
      <div className="field triage-detail-field">
        <label htmlFor={`${id}-detail`}>Detail (optional)</label>
        <textarea
          id={`${id}-detail`}
          className="code-editor triage-textarea"
          rows={3}
          value={detail}
          aria-describedby={`${id}-detail-help`}
          onChange={(e) => setDetail(e.target.value)}
        />
        <p className="field-help" id={`${id}-detail-help`}>
          What you found, for the next person and for VEX documents.
        </p>
      </div>
      <div className="form-actions triage-actions">
        <p role="status" className="small">
          {save.isSuccess ? `Saved: ${stateLabels[save.data.state]}.` : ''}
        </p>
        <button type="button" className="button" onClick={onDone}>
          Close
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save triage'}
        </button>
      </div>
    </form>
  );
}
