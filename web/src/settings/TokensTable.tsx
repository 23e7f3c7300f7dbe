import { useEffect, useRef, useState } from 'react';
import { formatDate, formatDateTime } from '../pages/labels';
import type { ApiToken } from './api';

const stateLabels: Record<ApiToken['state'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** Tokens with their owner, scopes and state; revoking asks to confirm first. Secrets are never here. */
export function TokensTable(props: {
  tokens: ApiToken[];
  onRevoke: (token: ApiToken) => void;
  revoking?: string | undefined;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [returnFocus, setReturnFocus] = useState<string | null>(null);
  // a cancelled confirmation gives focus back to the button that asked for it
  useEffect(() => {
    if (!returnFocus) return;
    document.getElementById(`revoke-token-${returnFocus}`)?.focus();
    setReturnFocus(null);
  }, [returnFocus]);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Owner</th>
            <th scope="col">Scopes</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((t) => (
            <tr key={t.id} className={t.state === 'active' ? '' : 'row-inactive'}>
              <th scope="row" className="cell-name">
                {t.name}
                <div className="small">
                  <code>{t.prefix}…</code>
                </div>
              </th>
              <td>{t.owner.kind === 'user' ? t.owner.email : `team ${t.owner.name}`}</td>
              <td>
                <ul className="scope-list">
                  {t.scopes.map((s) => (
                    <li key={s}>
                      <code>{s}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="cell-date">
                {t.expiresAt ? (
                  <time dateTime={t.expiresAt} title={formatDateTime(t.expiresAt)}>
                    {formatDate(t.expiresAt)}
                  </time>
                ) : (
                  'Never'
                )}
              </td>
              <td className="cell-date">
                {t.lastUsedAt ? (
                  <time dateTime={t.lastUsedAt} title={formatDateTime(t.lastUsedAt)}>
                    {formatDateTime(t.lastUsedAt)}
                  </time>
                ) : (
                  <span className="muted">Never</span>
                )}
              </td>
              <td>{stateLabels[t.state]}</td>
              <td className="cell-actions">
                {t.state === 'revoked' ? null : confirming === t.id ? (
                  <ConfirmRevoke
                    name={t.name}
                    busy={props.revoking === t.id}
                    onConfirm={() => props.onRevoke(t)}
                    onCancel={() => {
                      setConfirming(null);
                      setReturnFocus(t.id);
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    id={`revoke-token-${t.id}`}
                    className="button button-small"
                    onClick={() => setConfirming(t.id)}
                  >
                    Revoke<span className="visually-hidden"> {t.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConfirmRevoke(props: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <fieldset
      className="confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <legend>Revoke “{props.name}”? Requests with it will fail.</legend>
      <button
        type="button"
        className="button button-small button-danger"
        ref={confirm}
        onClick={props.onConfirm}
        disabled={props.busy}
      >
        {props.busy ? 'Revoking…' : 'Yes, revoke it'}
      </button>
      <button type="button" className="button button-small" onClick={props.onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
