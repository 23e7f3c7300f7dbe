import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { type CreatedApiToken, settingsApi, settingsKeys, tokenAdmins } from './api';
import { NewSecret } from './NewSecret';
import { NewTokenForm } from './NewTokenForm';
import { Notice, useNotice } from './Notice';
import { TokensTable } from './TokensTable';

const PAGE_SIZE = 50;

/** Your API tokens (and your teams', when you manage them): create one, see its secret once, revoke. */
export function TokensView({ user }: { user: User }) {
  const client = useQueryClient();
  const { notice, show, ref } = useNotice();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [all, setAll] = useState(false);
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const isAdmin = tokenAdmins.has(user.role);
  const tokens = useInfiniteQuery({
    queryKey: [...settingsKeys.tokens, { all, includeRevoked }],
    queryFn: ({ pageParam }) =>
      settingsApi.tokens({ limit: PAGE_SIZE, cursor: pageParam, all: all && isAdmin, includeRevoked }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const revoke = useMutation({
    mutationFn: (token: { id: string; name: string }) => settingsApi.revokeToken(token.id),
    onSuccess: async (_nothing, token) => {
      await client.invalidateQueries({ queryKey: settingsKeys.tokens });
      show(`Revoked the token “${token.name}”: requests with it are refused from now on.`);
    },
  });
  const items = tokens.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <p className="muted">
        CI jobs and scripts call the API with <code>Authorization: Bearer ospo_…</code>. A token can do at
        most what its owner may, narrowed by its scopes; it cannot create or revoke tokens.
      </p>
      <Notice notice={notice} noticeRef={ref} />
      {created ? (
        <NewSecret token={created} onDone={() => setCreated(null)} />
      ) : (
        <NewTokenForm user={user} onCreated={setCreated} />
      )}
      <section aria-labelledby="tokens-heading" className="stack">
        <div className="page-header">
          <h2 id="tokens-heading">{all && isAdmin ? 'All tokens' : 'Your tokens'}</h2>
          <div className="page-actions">
            {isAdmin ? (
              <label className="checkbox">
                <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
                Everyone’s tokens
              </label>
            ) : null}
            <label className="checkbox">
              <input
                type="checkbox"
                checked={includeRevoked}
                onChange={(event) => setIncludeRevoked(event.target.checked)}
              />
              Include revoked tokens
            </label>
          </div>
        </div>
        <ProblemAlert error={tokens.error} title="Could not load the tokens" />
        <ProblemAlert error={revoke.error} title="Could not revoke the token" />
        {tokens.isPending ? <p className="muted">Loading tokens…</p> : null}
        {tokens.isSuccess && items.length === 0 ? <p className="muted">No tokens yet.</p> : null}
        {items.length > 0 ? (
          <TokensTable
            tokens={items}
            onRevoke={(token) => revoke.mutate(token)}
            revoking={revoke.isPending ? revoke.variables?.id : undefined}
          />
        ) : null}
        {tokens.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => tokens.fetchNextPage()}
            disabled={tokens.isFetchingNextPage}
          >
            {tokens.isFetchingNextPage ? 'Loading…' : 'Load more tokens'}
          </button>
        ) : null}
      </section>
    </>
  );
}
