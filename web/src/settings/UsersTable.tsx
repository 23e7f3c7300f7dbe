import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { Role, User } from '../api';
import { sessionKey } from '../auth/session';
import { formatDate, formatDateTime } from '../pages/labels';
import { roleLabels, roleOptions, settingsApi, settingsKeys, type UserAccount } from './api';
import { InlineProblem } from './InlineProblem';

/**
 * Users with their role and state. Admins change a role with a select and Save, and disable a user
 * after confirming; a refusal is shown next to the control.
 */
export function UsersTable(props: {
  users: UserAccount[];
  me: User;
  canWrite: boolean;
  onChanged: (text: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table users-table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Added</th>
            {props.canWrite ? (
              <th scope="col">
                <span className="visually-hidden">Sign-in</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <UserRow
              key={u.id}
              account={u}
              me={props.me}
              canWrite={props.canWrite}
              onChanged={props.onChanged}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserRow(props: {
  account: UserAccount;
  me: User;
  canWrite: boolean;
  onChanged: (text: string) => void;
}) {
  const { account: u } = props;
  const client = useQueryClient();
  const ids = useId();
  const [role, setRole] = useState<Role>(u.role);
  const [confirming, setConfirming] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const self = u.id === props.me.id;
  // the saved role wins once the list is fetched again
  useEffect(() => setRole(u.role), [u.role]);

  const saved = async (changed: UserAccount, text: string) => {
    await client.invalidateQueries({ queryKey: settingsKeys.users });
    await client.invalidateQueries({ queryKey: settingsKeys.teams });
    // a change to oneself changes what the session may do
    if (changed.id === props.me.id) await client.invalidateQueries({ queryKey: sessionKey });
    props.onChanged(text);
  };
  const roleChange = useMutation({
    mutationFn: (next: Role) => settingsApi.updateUser(u.id, { role: next }),
    onSuccess: (changed) => saved(changed, `${changed.email} is now ${roleLabels[changed.role]}.`),
  });
  const access = useMutation({
    mutationFn: (disabled: boolean) => settingsApi.updateUser(u.id, { disabled }),
    onSuccess: async (changed) => {
      setConfirming(false);
      await saved(
        changed,
        changed.disabled
          ? `Disabled ${changed.email}: signed out, and their API tokens revoked.`
          : `Enabled ${changed.email}: they can sign in again.`,
      );
    },
  });
  const roleErrorId = `${ids}-role-error`;
  const accessErrorId = `${ids}-access-error`;

  return (
    <tr className={u.disabled ? 'row-inactive' : ''}>
      <th scope="row" className="cell-name">
        {u.email}
        {self ? <span className="muted small"> (you)</span> : null}
      </th>
      <td>{u.name}</td>
      <td>
        {props.canWrite ? (
          <div className="role-control">
            <label className="visually-hidden" htmlFor={`${ids}-role`}>
              Role of {u.email}
            </label>
            <select
              id={`${ids}-role`}
              value={role}
              aria-invalid={roleChange.isError ? true : undefined}
              aria-describedby={roleChange.isError ? roleErrorId : undefined}
              onChange={(event) => {
                roleChange.reset();
                setRole(event.target.value as Role);
              }}
            >
              {roleOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {role !== u.role ? (
              <button
                type="button"
                className="button button-small button-primary"
                disabled={roleChange.isPending}
                onClick={() => roleChange.mutate(role)}
              >
                {roleChange.isPending ? 'Saving…' : 'Save'}
                <span className="visually-hidden"> the role of {u.email}</span>
              </button>
            ) : null}
            <InlineProblem id={roleErrorId} error={roleChange.error} />
          </div>
        ) : (
          <span className="badge">{roleLabels[u.role]}</span>
        )}
      </td>
      <td>
        {u.disabled && u.disabledAt ? (
          <>
            Disabled{' '}
            <time dateTime={u.disabledAt} title={formatDateTime(u.disabledAt)} className="small">
              {formatDate(u.disabledAt)}
            </time>
          </>
        ) : (
          'Active'
        )}
      </td>
      <td className="cell-date">
        <time dateTime={u.createdAt} title={formatDateTime(u.createdAt)}>
          {formatDate(u.createdAt)}
        </time>
      </td>
      {props.canWrite ? (
        <td className="cell-actions">
          {confirming ? (
            <ConfirmDisable
              email={u.email}
              self={self}
              busy={access.isPending}
              describedBy={access.isError ? accessErrorId : undefined}
              onConfirm={() => access.mutate(true)}
              onCancel={() => {
                setConfirming(false);
                access.reset();
                requestAnimationFrame(() => toggle.current?.focus());
              }}
            />
          ) : (
            <button
              type="button"
              ref={toggle}
              className="button button-small"
              disabled={access.isPending}
              aria-describedby={access.isError ? accessErrorId : undefined}
              onClick={() => (u.disabled ? access.mutate(false) : setConfirming(true))}
            >
              {u.disabled ? 'Enable' : 'Disable'}
              <span className="visually-hidden"> {u.email}</span>
            </button>
          )}
          <InlineProblem id={accessErrorId} error={access.error} />
        </td>
      ) : null}
    </tr>
  );
}

function ConfirmDisable(props: {
  email: string;
  self: boolean;
  busy: boolean;
  describedBy: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <fieldset
      className="confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <legend>
        Disable {props.self ? 'your own account' : props.email}? {props.self ? 'You are' : 'They are'} signed
        out at once and {props.self ? 'your' : 'their'} API tokens are revoked.
      </legend>
      <button
        type="button"
        className="button button-small button-danger"
        ref={confirm}
        onClick={props.onConfirm}
        disabled={props.busy}
        aria-describedby={props.describedBy}
      >
        {props.busy ? 'Disabling…' : 'Yes, disable'}
      </button>
      <button type="button" className="button button-small" onClick={props.onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
