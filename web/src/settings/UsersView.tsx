import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, fieldErrors, type Role, type User } from '../api';
import { SelectField, TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { roleLabels, roleOptions, settingsApi, settingsKeys, userReaders, userWriters } from './api';
import { Notice, useNotice } from './Notice';
import { UsersTable } from './UsersTable';

const PAGE_SIZE = 50;
/** Every account, by email, a page at a time; admins add accounts, change roles and disable them here. */
export function UsersView({ user }: { user: User }) {
  const { notice, show, ref } = useNotice();
  const allowed = userReaders.has(user.role);
  const users = useInfiniteQuery({
    queryKey: settingsKeys.users,
    queryFn: ({ pageParam }) => settingsApi.users({ limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: allowed,
  });
  if (!allowed) {
    return (
      <p className="note">
        Your role ({user.role}) cannot list users. Admin, OSPO, legal and security accounts can.
      </p>
    );
  }
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <Notice notice={notice} noticeRef={ref} />
      {userWriters.has(user.role) ? (
        <NewUserForm onCreated={(u) => show(`Added ${u.email} as ${roleLabels[u.role]}.`)} />
      ) : (
        <p className="note">Only admins can add users, change roles or disable accounts.</p>
      )}
      <section aria-labelledby="users-heading" className="stack">
        <h2 id="users-heading">Users</h2>
        <ProblemAlert error={users.error} title="Could not load the users" />
        {users.isPending ? <p className="muted">Loading users…</p> : null}
        {items.length > 0 ? (
          <UsersTable users={items} me={user} canWrite={userWriters.has(user.role)} onChanged={show} />
        ) : null}
        {users.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => users.fetchNextPage()}
            disabled={users.isFetchingNextPage}
          >
            {users.isFetchingNextPage ? 'Loading…' : 'Load more users'}
          </button>
        ) : null}
      </section>
    </>
  );
}

const empty = { email: '', name: '', role: 'member' as Role, password: '' };

function NewUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: settingsApi.createUser,
    onSuccess: async (created) => {
      setForm(empty);
      await client.invalidateQueries({ queryKey: settingsKeys.users });
      onCreated(created);
    },
  });
  const errors = fieldErrors(create.error);
  if (create.error instanceof ApiError && create.error.code === 'ERR_OSPO_CONFLICT') {
    errors.email ??= 'A user with this email exists already.';
  }
  const update = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ ...form, email: form.email.trim(), name: form.name.trim() });
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">Add a user</h2>
      <div className="form-span">
        <ProblemAlert error={create.error} title="Could not add the user" />
      </div>
      <TextField
        label="Email"
        type="email"
        required
        autoComplete="off"
        value={form.email}
        error={errors.email}
        onChange={update('email')}
      />
      <TextField
        label="Name"
        required
        autoComplete="off"
        value={form.name}
        error={errors.name}
        onChange={update('name')}
      />
      <SelectField
        label="Role"
        value={form.role}
        options={roleOptions}
        error={errors.role}
        onChange={update('role')}
      />
      <div className="form-span">
        <TextField
          label="Initial password"
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          value={form.password}
          error={errors.password}
          help="At least 12 characters. Pass it on safely; they sign in with it."
          onChange={update('password')}
        />
      </div>
      <div className="form-span form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
}
