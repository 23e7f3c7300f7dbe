import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, fieldErrors, type Team, type User } from '../api';
import { TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { settingsApi, settingsKeys, teamWriters, userReaders } from './api';
import { Notice, useNotice } from './Notice';
import { TeamMembers } from './TeamMembers';

const PAGE_SIZE = 50;

/** Teams by name; OSPO and admins create them, and add and remove members. */
export function TeamsView({ user }: { user: User }) {
  const { notice, show, ref } = useNotice();
  const [open, setOpen] = useState<Team | null>(null);
  const teams = useInfiniteQuery({
    queryKey: settingsKeys.teams,
    queryFn: ({ pageParam }) => settingsApi.teams({ limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = teams.data?.pages.flatMap((page) => page.items) ?? [];
  const canWrite = teamWriters.has(user.role);
  const canSeeMembers = userReaders.has(user.role);
  return (
    <>
      <Notice notice={notice} noticeRef={ref} />
      {canWrite ? (
        <NewTeamForm onCreated={(t) => show(`Created team ${t.name}.`)} />
      ) : (
        <p className="note">
          Your role ({user.role}) can see teams. OSPO and admin accounts can create them.
        </p>
      )}
      <section aria-labelledby="teams-heading" className="stack">
        <h2 id="teams-heading">Teams</h2>
        <ProblemAlert error={teams.error} title="Could not load the teams" />
        {teams.isPending ? <p className="muted">Loading teams…</p> : null}
        {teams.isSuccess && items.length === 0 ? <p className="muted">No teams yet.</p> : null}
        {items.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Teams</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Title</th>
                  {canSeeMembers ? (
                    <th scope="col">
                      <span className="visually-hidden">Members</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id} className={open?.id === t.id ? 'row-current' : ''}>
                    <th scope="row" className="cell-name">
                      {t.name}
                    </th>
                    <td>{t.title ?? <span className="muted">—</span>}</td>
                    {canSeeMembers ? (
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button-small"
                          aria-expanded={open?.id === t.id}
                          aria-controls="team-members"
                          onClick={() => setOpen(open?.id === t.id ? null : t)}
                        >
                          Members<span className="visually-hidden"> of {t.name}</span>
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {teams.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => teams.fetchNextPage()}
            disabled={teams.isFetchingNextPage}
          >
            {teams.isFetchingNextPage ? 'Loading…' : 'Load more teams'}
          </button>
        ) : null}
      </section>
      <div id="team-members">
        {open ? (
          <TeamMembers
            key={open.id}
            team={open}
            canAdd={canWrite}
            onAdded={(m) => show(`Added ${m.email} to ${open.name}.`)}
            onRemoved={(m) => show(`Removed ${m.email} from ${open.name}.`)}
          />
        ) : null}
      </div>
    </>
  );
}

function NewTeamForm({ onCreated }: { onCreated: (team: Team) => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const create = useMutation({
    mutationFn: settingsApi.createTeam,
    onSuccess: async (team) => {
      setName('');
      setTitle('');
      await client.invalidateQueries({ queryKey: settingsKeys.teams });
      await client.invalidateQueries({ queryKey: ['teams'] });
      onCreated(team);
    },
  });
  const errors = fieldErrors(create.error);
  if (create.error instanceof ApiError && create.error.code === 'ERR_OSPO_CONFLICT') {
    errors.name ??= 'This name is taken.';
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = title.trim();
    create.mutate({ name: name.trim(), ...(trimmed ? { title: trimmed } : {}) });
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="new-team-title">
      <h2 id="new-team-title">Create a team</h2>
      <div className="form-span">
        <ProblemAlert error={create.error} title="Could not create the team" />
      </div>
      <TextField
        label="Team name"
        required
        spellCheck={false}
        autoComplete="off"
        value={name}
        error={errors.name}
        help="Letters and digits joined by - _ or ., such as platform-web."
        onChange={(event) => setName(event.target.value)}
      />
      <TextField
        label="Title (optional)"
        autoComplete="off"
        value={title}
        error={errors.title}
        help="How people call it, such as Web Platform."
        onChange={(event) => setTitle(event.target.value)}
      />
      <div className="form-span form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create team'}
        </button>
      </div>
    </form>
  );
}
