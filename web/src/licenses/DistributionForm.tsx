import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type Distribution, distributions, type Project } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { licenseApi, licensesKey } from './api';
import { distributionLabel, distributionLabels } from './labels';

/**
 * How the project's code reaches others, which decides what copyleft asks of it. Those who may change
 * projects get a select and a save button; everyone else sees the value.
 */
export function DistributionForm(props: { project: Project; context: string; canWrite: boolean }) {
  const { project } = props;
  const client = useQueryClient();
  const id = useId();
  const [value, setValue] = useState<string>(project.distribution ?? '');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (distribution: Distribution | null) => licenseApi.setDistribution(project.name, distribution),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['project', project.name] }),
        client.invalidateQueries({ queryKey: licensesKey }),
      ]);
      setSaved(true);
    },
  });
  const defaultLabel = project.distribution
    ? 'Policy default'
    : `Policy default (now ${distributionLabel(props.context)})`;

  if (!props.canWrite) {
    return (
      <p>
        <strong>Distribution context:</strong> {distributionLabel(props.context)}
        {project.distribution ? '' : ' (the policy default)'}.{' '}
        <span className="muted">Admins, OSPO staff and members can change it.</span>
      </p>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(value ? (value as Distribution) : null);
  };

  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Distribution context</label>
        <select
          id={id}
          value={value}
          aria-describedby={`${id}-help`}
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(false);
          }}
        >
          <option value="">{defaultLabel}</option>
          {distributions.map((d) => (
            <option key={d} value={d}>
              {distributionLabels[d]}
            </option>
          ))}
        </select>
        <p className="field-help" id={`${id}-help`}>
          How the project's code reaches others: copyleft licenses ask more of code that is shipped.
        </p>
      </div>
      <button
        type="submit"
        className="button"
        disabled={save.isPending || value === (project.distribution ?? '')}
      >
        {save.isPending ? 'Saving…' : 'Save context'}
      </button>
      <p role="status" className={saved ? 'small' : 'visually-hidden'}>
        {saved ? (
          <>
            <span aria-hidden="true">✓ </span>Saved: verdicts now use {distributionLabel(props.context)}.
          </>
        ) : null}
      </p>
      <ProblemAlert error={save.error} title="Could not change the distribution context" />
    </form>
  );
}
