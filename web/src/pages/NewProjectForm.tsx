import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  ApiError,
  api,
  type Distribution,
  distributions,
  fieldErrors,
  type Lifecycle,
  lifecycles,
  type Project,
  type Relation,
  relations,
} from '../api';
import { SelectField, TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { Prose } from '../components/Prose';
import { distributionLabels } from '../licenses/labels';
import { lifecycleLabels, relationLabels } from './labels';

const empty = {
  name: '',
  description: '',
  lifecycle: 'production' as Lifecycle,
  relation: 'uses' as Relation,
};
const lifecycleOptions = lifecycles.map((value) => ({ value, label: lifecycleLabels[value] }));
const relationOptions = relations.map((value) => ({ value, label: relationLabels[value] }));
const distributionOptions = [
  { value: '', label: 'Policy default' },
  ...distributions.map((value) => ({ value, label: distributionLabels[value] })),
];

export function NewProjectForm({ onCreated }: { onCreated: (project: Project) => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState(empty);
  const [ownerTeamId, setOwnerTeamId] = useState('');
  const [distribution, setDistribution] = useState('');
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => api.listTeams({ limit: 500 }) });
  const create = useMutation({
    mutationFn: api.createProject,
    onSuccess: async (project) => {
      setForm(empty);
      setOwnerTeamId('');
      setDistribution('');
      await client.invalidateQueries({ queryKey: ['projects'] });
      onCreated(project);
    },
  });
  const errors = fieldErrors(create.error);
  if (create.error instanceof ApiError && create.error.code === 'ERR_OSPO_CONFLICT') {
    errors.name ??= 'This name is taken.';
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const description = form.description.trim();
    create.mutate({
      name: form.name.trim(),
      lifecycle: form.lifecycle,
      relation: form.relation,
      ...(description ? { description } : {}),
      ...(ownerTeamId ? { ownerTeamId } : {}),
      ...(distribution ? { distribution: distribution as Distribution } : {}),
    });
  };

  const teamOptions = [
    { value: '', label: 'No owner team' },
    ...(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.title ?? team.name })),
  ];

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="new-project-title">
      <h2 id="new-project-title">New project</h2>
      <div className="form-span">
        <ProblemAlert error={create.error} title="Could not create the project" />
      </div>
      <TextField
        label="Name"
        required
        maxLength={63}
        autoComplete="off"
        spellCheck={false}
        value={form.name}
        error={errors.name}
        help={<Prose text="Letters and digits joined by single `-`, `_` or `.`, like `payments-api`." />}
        onChange={(event) => setForm({ ...form, name: event.target.value })}
      />
      <SelectField
        label="Lifecycle"
        value={form.lifecycle}
        options={lifecycleOptions}
        error={errors.lifecycle}
        onChange={(event) => setForm({ ...form, lifecycle: event.target.value as Lifecycle })}
      />
      <SelectField
        label="Relation to open source"
        value={form.relation}
        options={relationOptions}
        error={errors.relation}
        help="Does the project use, integrate, produce or host open source?"
        onChange={(event) => setForm({ ...form, relation: event.target.value as Relation })}
      />
      <div className="form-span">
        <TextField
          label="Description (optional)"
          maxLength={2000}
          value={form.description}
          error={errors.description}
          onChange={(event) => setForm({ ...form, description: event.target.value })}
        />
      </div>
      {teams.data && teams.data.items.length > 0 ? (
        <SelectField
          label="Owner team (optional)"
          value={ownerTeamId}
          options={teamOptions}
          error={errors.ownerTeamId}
          onChange={(event) => setOwnerTeamId(event.target.value)}
        />
      ) : null}
      <SelectField
        label="Distribution context (optional)"
        value={distribution}
        options={distributionOptions}
        error={errors.distribution}
        help="How its code reaches others; license verdicts depend on it."
        onChange={(event) => setDistribution(event.target.value)}
      />
      <div className="form-span form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}
