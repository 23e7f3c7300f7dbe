import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { User } from '../../api';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PageHeader } from '../../pages/PageHeader';
import { AuditFilterForm } from './AuditFilterForm';
import { AuditTable } from './AuditTable';
import { type AuditFilter, auditApi, auditReaders, cleanFilter, exportUrl, filterFromSearch } from './api';
import './audit.css';

const PAGE_SIZE = 50;

/**
 * Who did what, when: the append-only audit log, filtered on the server and read a page at a time, with
 * downloads of everything the filters match. The filters live in the address, so a view can be shared.
 */
export function AuditLogPage({ user }: { user: User }) {
  const [filter, setFilter] = useState<AuditFilter>(() => filterFromSearch(window.location.search));
  const allowed = auditReaders.has(user.role);
  const entries = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => auditApi.list(filter, { limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: allowed,
  });
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.keys(filter).length > 0;

  const apply = (next: AuditFilter) => {
    const clean = cleanFilter(next);
    setFilter(clean);
    const search = new URLSearchParams(clean as Record<string, string>).toString();
    window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
  };

  if (!allowed) {
    return (
      <>
        <PageHeader title="Audit log" />
        <p className="note">
          Your role ({user.role}) cannot read the audit log. Admin, OSPO, legal and security accounts can.
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        actions={
          <div className="audit-exports">
            <a className="button" href={exportUrl(filter, 'csv')} download>
              Export CSV
            </a>
            <a className="button" href={exportUrl(filter, 'json')} download>
              Export JSON
            </a>
          </div>
        }
      />
      <p className="muted">
        Every change made in ospokit, by whom and when, newest first. The log is append-only: nobody can edit
        or delete an entry. The exports hold every entry the filters match
        {filtered ? '' : ', which is all of them'}.
      </p>
      <AuditFilterForm filter={filter} onApply={apply} />
      <section aria-labelledby="audit-entries-heading" className="stack">
        <h2 id="audit-entries-heading" className="visually-hidden">
          Entries
        </h2>
        <ProblemAlert error={entries.error} title="Could not load the audit log" />
        {entries.isPending ? <p className="muted">Loading the audit log…</p> : null}
        {entries.isSuccess && items.length === 0 ? (
          <p className="muted">{filtered ? 'No entry matches these filters.' : 'The audit log is empty.'}</p>
        ) : null}
        {items.length > 0 ? <AuditTable entries={items} /> : null}
        <p className="muted" role="status">
          {entries.isSuccess
            ? `Showing ${items.length.toLocaleString()} ${items.length === 1 ? 'entry' : 'entries'}${
                entries.hasNextPage ? '; more are available' : ''
              }${filtered ? ' (filtered)' : ''}.`
            : ''}
        </p>
        {entries.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => entries.fetchNextPage()}
            disabled={entries.isFetchingNextPage}
          >
            {entries.isFetchingNextPage ? 'Loading…' : 'Load more entries'}
          </button>
        ) : null}
      </section>
    </>
  );
}
