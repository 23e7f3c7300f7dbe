import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrors } from '../api';
import { TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthCard } from './AuthCard';
import { signedIn } from './session';
import { SsoErrorAlert, SsoSignIn, useSsoError } from './sso';

export function SignInForm() {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: api.login,
    onSuccess: (session) => signedIn(client, session),
  });
  const errors = fieldErrors(login.error);
  const ssoError = useSsoError();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <AuthCard title="Sign in" intro={<p>Sign in to your Open Source Program Office.</p>}>
      <form className="stack" onSubmit={submit}>
        <SsoErrorAlert code={login.error ? null : ssoError} />
        <SsoSignIn />
        <ProblemAlert error={login.error} title="Could not sign in" />
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          error={errors.email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          error={errors.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">No account? Ask an ospokit admin to add you.</p>
      </form>
    </AuthCard>
  );
}
