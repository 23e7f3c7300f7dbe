import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { fieldErrors, type Team, type User } from '../api';
import { TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { roleLabels, settingsApi, settingsKeys } from './api';
import { InlineProblem } from './InlineProblem';

const PAGE_SIZE = 100;

/** One team's members; OSPO and admins add someone by email and remove members. */
export function TeamMembers(props: {
  team: Team;
  canAdd: boolean;
  onAdded: (member: User) => void;
  onRemoved: (member: User) => void;
}) {
  const { team } = props;
  const client = useQueryClient();
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [email, setEmail] = useState('');
  const key = [...settingsKeys.teams, team.id, 'members'];
  const members = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => settingsApi.members(team.id, { limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const add = useMutation({
    mutationFn: (user: string) => settingsApi.addMember(team.id, user),
    onSuccess: async (member) => {
      setEmail('');
      await client.invalidateQueries({ queryKey: key });
      props.onAdded(member);
    },
  });
  const remove = useMutation({
    mutationFn: (member: User) => settingsApi.removeMember(team.id, member.id),
    onSuccess: async (_none, member) => {
      await client.invalidateQueries({ queryKey: key });
      props.onRemoved(member);
    },
  });
  useEffect(() => heading.current?.focus(), []);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const errors = fieldErrors(add.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (email.trim()) add.mutate(email.trim());
  };
  return (
    <section className="card stack" aria-labelledby="members-heading">
      <h2 id="members-heading" ref={heading} tabIndex={-1}>
        Members of {team.name}
      </h2>
      <ProblemAlert error={members.error} title="Could not load the members" />
      {members.isPending ? <p className="muted">Loading members…</p> : null}
      {members.isSuccess && items.length === 0 ? <p className="muted">No members yet.</p> : null}
      {items.length > 0 ? (
        <ul aria-label={`Members of ${team.name}`}>
          {items.map((m) => {
            const failed = remove.isError && remove.variables?.id === m.id;
            const errorId = `${ids}-remove-${m.id}`;
            return (
              <li key={m.id} className="member">
                {m.name} &lt;{m.email}&gt; <span className="badge">{roleLabels[m.role]}</span>
                {props.canAdd ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button-small"
                      disabled={remove.isPending && remove.variables?.id === m.id}
                      aria-describedby={failed ? errorId : undefined}
                      onClick={() => remove.mutate(m)}
                    >
                      Remove
                      <span className="visually-hidden">
                        {' '}
                        {m.email} from {team.name}
                      </span>
                    </button>
                    <InlineProblem id={errorId} error={failed ? remove.error : null} />
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {members.hasNextPage ? (
        <button type="button" className="button" onClick={() => members.fetchNextPage()}>
          Load more members
        </button>
      ) : null}
      {props.canAdd ? (
        <form className="inline-form" onSubmit={submit} aria-label={`Add a member to ${team.name}`}>
          <ProblemAlert error={add.error} title="Could not add the member" />
          <TextField
            label="Member's email"
            type="email"
            required
            autoComplete="off"
            value={email}
            error={errors.user}
            help="Someone who has an account already."
            onChange={(event) => setEmail(event.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add member'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
