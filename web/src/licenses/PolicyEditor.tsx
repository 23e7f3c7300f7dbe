import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { Prose } from '../components/Prose';
import { licenseApi, licensesKey, type PolicyVersion } from './api';

/** The policy document in a textarea; a refused save lists every problem with a way to its line. */
export function PolicyEditor(props: {
  policy: PolicyVersion;
  canWrite: boolean;
  onSaving: () => void;
  onSaved: (saved: PolicyVersion) => void;
}) {
  const client = useQueryClient();
  const id = useId();
  const editor = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(props.policy.document);
  const save = useMutation({
    mutationFn: licenseApi.savePolicy,
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: licensesKey });
      props.onSaved(saved);
    },
  });
  const problems = save.error instanceof ApiError ? save.error.errors : [];
  const errorsId = problems.length > 0 ? `${id}-errors` : undefined;
  const changed = text !== props.policy.document;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSaving();
    save.mutate(text);
  };

  const goToLine = (line: number) => {
    const area = editor.current;
    if (!area) return;
    const lines = area.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Policy document</h2>
      {problems.length > 0 ? (
        <div className="alert" role="alert" id={errorsId}>
          <p className="alert-title">
            <span aria-hidden="true" className="alert-icon">
              !
            </span>
            The policy was not saved: {problems.length === 1 ? 'one problem' : `${problems.length} problems`}.
            Nothing of it applies until every one is fixed.
          </p>
          <ul className="policy-errors">
            {problems.map((p) => (
              <li key={`${p.line ?? 0}:${p.path}:${p.message}`}>
                {p.line ? (
                  <button type="button" className="link-button" onClick={() => goToLine(p.line ?? 1)}>
                    Line {p.line}
                  </button>
                ) : (
                  'The document'
                )}
                : <code>{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
          {save.error instanceof ApiError && save.error.hint ? (
            <p className="alert-hint">
              <Prose text={save.error.hint} />
            </p>
          ) : null}
        </div>
      ) : (
        <ProblemAlert error={save.error} title="Could not save the policy" />
      )}
      <div className={problems.length > 0 ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>Policy (ospo.yml)</label>
        <textarea
          id={id}
          ref={editor}
          className="code-editor"
          rows={Math.min(30, Math.max(12, text.split('\n').length + 2))}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          readOnly={!props.canWrite}
          aria-invalid={problems.length > 0 ? true : undefined}
          aria-describedby={[errorsId, `${id}-help`].filter(Boolean).join(' ')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <p className="field-help" id={`${id}-help`}>
          YAML with a top-level <code>licenses:</code> key. A policy with any mistake is refused whole, so a
          typo never switches a rule off quietly.
        </p>
      </div>
      {props.canWrite ? (
        <div className="form-actions">
          {changed ? (
            <button type="button" className="button" onClick={() => setText(props.policy.document)}>
              Discard changes
            </button>
          ) : null}
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save policy'}
          </button>
        </div>
      ) : null}
    </form>
  );
}
