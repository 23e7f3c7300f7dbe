import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import type { Project, User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../pages/labels';
import { Link } from '../router';
import { licenseApi, licensesKey, type Verdict, verdicts } from './api';
import { CategoryChart } from './CategoryChart';
import { DistributionForm } from './DistributionForm';
import { policyWriters, projectWriters, verdictLabels } from './labels';
import { SummaryFacts } from './SummaryFacts';
import { VerdictTable } from './VerdictTable';

const PAGE_SIZE = 50;

/** The license verdicts of a project's latest scan, with its distribution context, filters and paging. */
export function ProjectLicensesPanel({ project, user }: { project: Project; user: User }) {
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [q, setQ] = useState('');
  const deferredQ = useDeferredValue(q.trim());
  const filter = { verdict: verdict || undefined, q: deferredQ || undefined };
  const licenses = useInfiniteQuery({
    queryKey: [...licensesKey, 'project', project.name, filter],
    queryFn: ({ pageParam }) =>
      licenseApi.project(project.name, { ...filter, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const first = licenses.data?.pages[0];
  const items = licenses.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filter.verdict || filter.q);

  return (
    <section aria-labelledby="licenses-heading" className="panel">
      <h2 id="licenses-heading">Licenses</h2>
      <ProblemAlert error={licenses.error} title="Could not load the license verdicts" />
      {licenses.isPending ? <p className="muted">Loading license verdicts…</p> : null}
      {first ? (
        <DistributionForm
          project={project}
          context={first.context}
          canWrite={projectWriters.has(user.role)}
        />
      ) : null}
      {first && first.scanId === null ? (
        <p className="muted">No verdicts yet: license verdicts appear once the project has a scan.</p>
      ) : null}
      {first && first.scanId !== null ? (
        <>
          <p className="muted small">
            The latest scan{first.scannedAt ? ` (${formatDateTime(first.scannedAt)})` : ''}, judged against{' '}
            <Link to="/licenses/policy">
              {first.policyVersion === 0 ? 'the built-in policy' : `policy version ${first.policyVersion}`}
            </Link>
            .
          </p>
          <SummaryFacts summary={first.summary} />
          {first.summary.packages > 0 && first.summary.deny + first.summary.review === 0 ? (
            <p className="notice">
              <span aria-hidden="true">✓ </span>All {first.summary.packages.toLocaleString()} packages are
              allowed{first.summary.waived ? `, ${first.summary.waived} of them by a waiver` : ''}.
            </p>
          ) : null}
          <CategoryChart categories={first.categories} />
          <search className="filters">
            <label>
              Verdict
              <select value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict | '')}>
                <option value="">All</option>
                {verdicts.map((v) => (
                  <option key={v} value={v}>
                    {verdictLabels[v]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Package name contains
              <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
            </label>
          </search>
          {items.length === 0 ? (
            <p className="muted">
              {filtered ? 'No package matches these filters.' : 'The latest scan found no packages.'}
            </p>
          ) : (
            <VerdictTable
              packages={items}
              waiveFor={policyWriters.has(user.role) ? project.name : undefined}
            />
          )}
          <div className="table-footer">
            <p className="muted small" role="status">
              {filtered
                ? `Showing ${items.length.toLocaleString()} matching packages`
                : `Showing ${items.length.toLocaleString()} of ${first.summary.packages.toLocaleString()} packages`}
              {licenses.hasNextPage ? '; more are available' : ''}.
            </p>
            {licenses.hasNextPage ? (
              <button
                type="button"
                className="button"
                onClick={() => licenses.fetchNextPage()}
                disabled={licenses.isFetchingNextPage}
              >
                {licenses.isFetchingNextPage ? 'Loading…' : 'Load more verdicts'}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
