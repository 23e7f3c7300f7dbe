import { useEffect, useRef, useState } from 'react';
import { formatDate, formatDateTime } from '../pages/labels';
import type { Waiver } from './api';
import { actorLabel } from './labels';

/** A waiver's last day has passed (a bare date holds through the end of that day, UTC). */
export function isExpired(expires: string, now = new Date()): boolean {
  const end = /^\d{4}-\d{2}-\d{2}$/.test(expires) ? new Date(`${expires}T23:59:59.999Z`) : new Date(expires);
  return !Number.isNaN(end.getTime()) && end < now;
}

/** Waivers with their state in words; `onRevoke` adds a revoke button that asks to confirm first. */
export function WaiversTable(props: {
  waivers: Waiver[];
  onRevoke?: ((id: string) => void) | undefined;
  revoking?: string | undefined;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [returnFocus, setReturnFocus] = useState<string | null>(null);
  // a cancelled confirmation gives focus back to the button that asked for it
  useEffect(() => {
    if (!returnFocus) return;
    document.getElementById(`revoke-${returnFocus}`)?.focus();
    setReturnFocus(null);
  }, [returnFocus]);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Waivers</caption>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Package</th>
            <th scope="col">Project</th>
            <th scope="col">Reason</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
            {props.onRevoke ? (
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.waivers.map((w) => {
            const expired = isExpired(w.expires);
            return (
              <tr key={w.id} className={w.revokedAt || expired ? 'row-inactive' : ''}>
                <th scope="row" className="cell-name">
                  {w.id}
                </th>
                <td>
                  <code>{w.package}</code>
                  <div className="small">
                    versions <code>{w.version}</code>
                  </div>
                  {w.license ? (
                    <div className="small">
                      while licensed <code className="expression">{w.license}</code>
                    </div>
                  ) : null}
                </td>
                <td>{w.project === '*' ? 'every project' : w.project}</td>
                <td className="cell-description">
                  {w.reason}
                  <div className="small">approved by {w.approver}</div>
                </td>
                <td className="cell-date">
                  {w.expires}
                  {expired ? <strong className="text-danger"> (expired)</strong> : null}
                </td>
                <td>
                  {w.revokedAt ? (
                    <>
                      Revoked
                      <div className="small muted">
                        by {actorLabel(w.revokedBy)},{' '}
                        <time dateTime={w.revokedAt} title={formatDateTime(w.revokedAt)}>
                          {formatDate(w.revokedAt)}
                        </time>
                      </div>
                    </>
                  ) : expired ? (
                    'Expired'
                  ) : (
                    'Active'
                  )}
                </td>
                {props.onRevoke ? (
                  <td className="cell-actions">
                    {w.revokedAt ? null : confirming === w.id ? (
                      <ConfirmRevoke
                        id={w.id}
                        busy={props.revoking === w.id}
                        onConfirm={() => props.onRevoke?.(w.id)}
                        onCancel={() => {
                          setConfirming(null);
                          setReturnFocus(w.id);
                        }}
                      />
                    ) : (
                      <button
                        type="button"
                        id={`revoke-${w.id}`}
                        className="button button-small"
                        onClick={() => setConfirming(w.id)}
                      >
                        Revoke<span className="visually-hidden"> {w.id}</span>
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ConfirmRevoke(props: { id: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <fieldset
      className="confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <legend>Revoke {props.id}?</legend>
      <button
        type="button"
        className="button button-small button-danger"
        ref={confirm}
        onClick={props.onConfirm}
        disabled={props.busy}
      >
        {props.busy ? 'Revoking…' : `Yes, revoke ${props.id}`}
      </button>
      <button type="button" className="button button-small" onClick={props.onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
