import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrors } from '../api';
import { TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthCard } from './AuthCard';
import { setupKey, signedIn } from './session';

const MIN_PASSWORD = 12;

export function SetupForm() {
  const client = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', password: '', confirm: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const setup = useMutation({
    mutationFn: api.setup,
    onSuccess: (session) => signedIn(client, session),
  });
  const errors = { ...fieldErrors(setup.error), ...local };
  const alreadyDone = setup.error instanceof ApiError && setup.error.code === 'ERR_OSPO_SETUP_DONE';

  const update = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (form.password.length < MIN_PASSWORD) problems.password = `Use at least ${MIN_PASSWORD} characters.`;
    else if (form.password !== form.confirm) problems.confirm = 'The two passwords are not the same.';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    setup.mutate({ name: form.name.trim(), email: form.email.trim(), password: form.password });
  };

  return (
    <AuthCard
      title="Set up ospokit"
      intro={
        <p>
          Nobody has an account yet. Create the first one: it becomes the administrator, who can then add
          everyone else.
        </p>
      }
    >
      <form className="stack" onSubmit={submit}>
        <ProblemAlert error={setup.error} title="Could not finish setup" />
        {alreadyDone ? (
          <button
            type="button"
            className="button"
            onClick={() => client.invalidateQueries({ queryKey: setupKey })}
          >
            Go to sign in
          </button>
        ) : null}
        <TextField
          label="Your name"
          autoComplete="name"
          required
          maxLength={200}
          value={form.name}
          error={errors.name}
          onChange={update('name')}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          error={errors.email}
          onChange={update('email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          error={errors.password}
          help={`At least ${MIN_PASSWORD} characters.`}
          onChange={update('password')}
        />
        <TextField
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          required
          value={form.confirm}
          error={errors.confirm}
          onChange={update('confirm')}
        />
        <button type="submit" className="button button-primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating the admin…' : 'Create admin and sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
