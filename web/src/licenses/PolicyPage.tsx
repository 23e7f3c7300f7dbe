import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../pages/labels';
import { licenseApi, licensesKey, type PolicyVersion } from './api';
import { actorLabel, policyWriters } from './labels';
import { PolicyEditor } from './PolicyEditor';
import { PolicyGuide } from './PolicyGuide';
import { PolicyHistory } from './PolicyHistory';

export const policyKey = [...licensesKey, 'policy'] as const;

/** The license policy in force, editable by legal, OSPO and admins, read-only for everyone else. */
export function PolicyPage({ user }: { user: User }) {
  const policy = useQuery({ queryKey: policyKey, queryFn: licenseApi.policy });
  const [saved, setSaved] = useState<PolicyVersion | null>(null);
  const canWrite = policyWriters.has(user.role);

  return (
    <>
      <p className="muted">
        The <code>licenses:</code> section of an <code>ospo.yml</code> that decides every verdict: which
        licenses are allowed, which need a review, and which are denied, per distribution context.
      </p>
      <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
        {saved ? (
          <>
            <span aria-hidden="true">✓ </span>Saved policy version <strong>{saved.version}</strong>. Every
            verdict now follows it.
          </>
        ) : null}
      </p>
      {policy.isPending ? <p className="muted">Loading the policy…</p> : null}
      <ProblemAlert error={policy.error} title="Could not load the policy" />
      {policy.data ? (
        <>
          <p>
            {policy.data.version === 0 ? (
              <>
                <strong>Version 0</strong>: the built-in default policy. Nobody has saved one yet.
              </>
            ) : (
              <>
                <strong>Version {policy.data.version}</strong>, saved by {actorLabel(policy.data.createdBy)}
                {policy.data.createdAt ? ` on ${formatDateTime(policy.data.createdAt)}` : ''}.
              </>
            )}
          </p>
          {canWrite ? null : (
            <p className="note">
              Read-only: your role ({user.role}) can read the license policy but not change it. Legal, OSPO
              and admin accounts can.
            </p>
          )}
          <PolicyEditor
            key={policy.data.version}
            policy={policy.data}
            canWrite={canWrite}
            onSaving={() => setSaved(null)}
            onSaved={setSaved}
          />
        </>
      ) : null}
      <PolicyGuide />
      <PolicyHistory />
    </>
  );
}
