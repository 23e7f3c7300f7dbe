import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrors, type User } from '../api';
import { SelectField, TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import {
  type CreatedApiToken,
  scopeLabels,
  settingsApi,
  settingsKeys,
  type TokenScope,
  teamTokenWriters,
  tokenAdmins,
  tokenScopes,
} from './api';

const expiryChoices = [
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '365d', label: 'One year' },
  { value: 'date', label: 'On a date…' },
];
const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** Create a token: what it is for, what it may do, how long it lasts and (for OSPO and admins) whose it is. */
export function NewTokenForm({
  user,
  onCreated,
}: {
  user: User;
  onCreated: (token: CreatedApiToken) => void;
}) {
  const client = useQueryClient();
  const scopesId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [expiry, setExpiry] = useState('90d');
  const [date, setDate] = useState('');
  const [owner, setOwner] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const teamTokens = teamTokenWriters.has(user.role);
  const teams = useQuery({
    queryKey: [...settingsKeys.teams, 'all'],
    queryFn: () => settingsApi.teams({ limit: 500 }),
    enabled: teamTokens,
  });
  const create = useMutation({
    mutationFn: settingsApi.createToken,
    onSuccess: async (token) => {
      setName('');
      setScopes(['read']);
      setLocal({});
      await client.invalidateQueries({ queryKey: settingsKeys.tokens });
      onCreated(token);
    },
  });
  const errors = { ...fieldErrors(create.error), ...local };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Say what the token is for.';
    if (scopes.length === 0) problems.scopes = 'Choose at least one scope.';
    if (expiry === 'date' && !date) problems.expires = 'Choose a date.';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    create.mutate({
      name: name.trim(),
      scopes,
      expires: expiry === 'date' ? date : expiry,
      ...(owner ? { team: owner } : {}),
    });
  };
  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  const choices = tokenAdmins.has(user.role)
    ? [...expiryChoices, { value: 'never', label: 'Never (admins only)' }]
    : expiryChoices;
  const ownerOptions = [
    { value: '', label: `You (${user.email})` },
    ...(teams.data?.items ?? []).map((t) => ({ value: t.id, label: `Team ${t.name}` })),
  ];

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="new-token-title" noValidate>
      <h2 id="new-token-title">Create a token</h2>
      <div className="form-span">
        <ProblemAlert error={create.error} title="Could not create the token" />
      </div>
      <TextField
        label="Token name"
        required
        maxLength={100}
        autoComplete="off"
        value={name}
        error={errors.name}
        help="What it is for, such as “shop CI”."
        onChange={(event) => setName(event.target.value)}
      />
      <SelectField
        label="Expires"
        value={expiry}
        options={choices}
        error={expiry === 'date' ? undefined : errors.expires}
        help="Valid through the chosen day (UTC). At most a year unless an admin creates it."
        onChange={(event) => setExpiry(event.target.value)}
      />
      {expiry === 'date' ? (
        <TextField
          label="Expiry date"
          type="date"
          required
          min={tomorrow()}
          value={date}
          error={errors.expires}
          onChange={(event) => setDate(event.target.value)}
        />
      ) : null}
      {teamTokens ? (
        <SelectField
          label="Owner"
          value={owner}
          options={ownerOptions}
          error={errors.team}
          help="A team token acts with a member’s rights and outlives any one person."
          onChange={(event) => setOwner(event.target.value)}
        />
      ) : null}
      <fieldset
        className="form-span scope-choices"
        aria-describedby={errors.scopes ? `${scopesId}-error` : undefined}
      >
        <legend>Scopes</legend>
        {tokenScopes.map((scope) => (
          <label key={scope}>
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(event) => toggle(scope, event.target.checked)}
              aria-describedby={`${scopesId}-${scope}`}
            />
            <span>
              {scopeLabels[scope].label} <code>{scope}</code>
            </span>
            <span className="field-help" id={`${scopesId}-${scope}`}>
              {scopeLabels[scope].help}
            </span>
          </label>
        ))}
        {errors.scopes ? (
          <p className="field-error" id={`${scopesId}-error`}>
            <span aria-hidden="true">✕ </span>
            {errors.scopes}
          </p>
        ) : null}
      </fieldset>
      <div className="form-span form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
