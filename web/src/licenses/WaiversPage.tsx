import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { licenseApi, licensesKey } from './api';
import { policyWriters } from './labels';
import { WaiverForm } from './WaiverForm';
import { WaiversTable } from './WaiversTable';

const PAGE_SIZE = 100;

/** Stored waivers: approved exceptions that turn review or deny into allow, until they expire. */
export function WaiversPage({ user }: { user: User }) {
  const client = useQueryClient();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const canWrite = policyWriters.has(user.role);
  const waivers = useInfiniteQuery({
    queryKey: [...licensesKey, 'waivers', includeRevoked],
    queryFn: ({ pageParam }) => licenseApi.waivers({ includeRevoked, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const revoke = useMutation({
    mutationFn: licenseApi.revokeWaiver,
    onSuccess: async (waiver) => {
      await client.invalidateQueries({ queryKey: licensesKey });
      setNotice(`Revoked waiver ${waiver.id}: its packages are judged by the policy again.`);
      noticeRef.current?.focus();
    },
  });
  const items = waivers.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <p className="muted">
        A waiver is an approved exception: it turns review or deny into allow for the packages, versions and
        projects it names, until it expires. Waivers written in a policy's <code>waivers:</code> list apply
        too.
      </p>
      <p role="status" ref={noticeRef} tabIndex={-1} className={notice ? 'notice' : 'visually-hidden'}>
        {notice ? (
          <>
            <span aria-hidden="true">✓ </span>
            {notice}
          </>
        ) : null}
      </p>
      {canWrite ? (
        <WaiverForm
          user={user}
          onGranted={(w) => {
            setNotice(`Granted waiver ${w.id} for ${w.package} until ${w.expires}.`);
            noticeRef.current?.focus();
          }}
        />
      ) : (
        <p className="note">
          Your role ({user.role}) can read waivers but not grant or revoke them. Legal, OSPO and admin
          accounts can.
        </p>
      )}
      <section aria-labelledby="waivers-heading" className="stack">
        <div className="page-header">
          <h2 id="waivers-heading">Waivers</h2>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={includeRevoked}
              onChange={(event) => setIncludeRevoked(event.target.checked)}
            />
            Include revoked waivers
          </label>
        </div>
        <ProblemAlert error={waivers.error} title="Could not load the waivers" />
        <ProblemAlert error={revoke.error} title="Could not revoke the waiver" />
        {waivers.isPending ? <p className="muted">Loading waivers…</p> : null}
        {waivers.isSuccess && items.length === 0 ? (
          <p className="muted">{includeRevoked ? 'No waivers yet.' : 'No active waivers.'}</p>
        ) : null}
        {items.length > 0 ? (
          <WaiversTable
            waivers={items}
            onRevoke={canWrite ? (id) => revoke.mutate(id) : undefined}
            revoking={revoke.isPending ? revoke.variables : undefined}
          />
        ) : null}
        {waivers.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => waivers.fetchNextPage()}
            disabled={waivers.isFetchingNextPage}
          >
            {waivers.isFetchingNextPage ? 'Loading…' : 'Load more waivers'}
          </button>
        ) : null}
      </section>
    </>
  );
}
