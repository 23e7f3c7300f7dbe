import { type FormEvent, type InputHTMLAttributes, type ReactNode, useId, useState } from 'react';
import type { AuditFilter } from './api';

/** The audit log's filters, applied together when the form is sent (each change would be a request). */
export function AuditFilterForm({
  filter,
  onApply,
}: {
  filter: AuditFilter;
  onApply: (filter: AuditFilter) => void;
}) {
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const field = (key: keyof AuditFilter) => ({
    value: draft[key] ?? '',
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(draft);
  };
  const clear = () => {
    setDraft({});
    onApply({});
  };

  return (
    <form className="filters audit-filters" aria-label="Filter the audit log" onSubmit={submit}>
      <Filter
        label="Actor"
        help="Part of a name, any case"
        {...field('actor')}
        placeholder="ada@example.org"
      />
      <Filter
        label="Action"
        help={
          <>
            Exact, or <code>project.*</code> for a family
          </>
        }
        {...field('action')}
        placeholder="project.create"
      />
      <Filter label="Target type" {...field('targetType')} placeholder="project" />
      <Filter label="Target ID" {...field('targetId')} />
      <Filter label="From" type="date" {...field('since')} />
      <Filter label="To" type="date" {...field('until')} min={draft.since || undefined} />
      <div className="audit-filter-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}

type FilterProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & { label: string; help?: ReactNode };

/** One labelled filter; its help text is announced as the input's description, not as its name. */
function Filter({ label, help, type = 'search', ...input }: FilterProps) {
  const id = useId();
  return (
    <div className="audit-filter">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} aria-describedby={help ? `${id}-help` : undefined} {...input} />
      {help ? (
        <span className="field-help" id={`${id}-help`}>
          {help}
        </span>
      ) : null}
    </div>
  );
}
