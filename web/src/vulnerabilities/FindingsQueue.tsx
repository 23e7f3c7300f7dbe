import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { api } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import {
  type FindingFilter,
  type Severity,
  type StateFilter,
  severities,
  vulnApi,
  vulnerabilitiesKey,
} from './api';
import { FindingsTable } from './FindingsTable';
import { severityLabels, stateFilterLabels } from './labels';

const PAGE_SIZE = 50;
const stateOptions = Object.entries(stateFilterLabels) as [StateFilter, string][];

/**
 * Findings with filters (severity, state: open by default, project, text) and server paging by cursor.
 * Given `project`, the findings of that project only, without the project filter and column.
 */
export function FindingsQueue(props: { project?: string; caption: string }) {
  const id = useId();
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [state, setState] = useState<StateFilter | ''>('open');
  const [project, setProject] = useState('');
  const [q, setQ] = useState('');
  const deferredQ = useDeferredValue(q.trim());
  const filter: FindingFilter = {
    severity: severity || undefined,
    state: state || undefined,
    q: deferredQ || undefined,
    ...(props.project ? {} : { project: project || undefined }),
  };
  const projects = useQuery({
    queryKey: ['projects', 'all'],
    queryFn: () => api.listProjects({ limit: 500 }),
    enabled: !props.project,
  });
  const findings = useInfiniteQuery({
    queryKey: [...vulnerabilitiesKey, 'findings', props.project ?? null, filter],
    queryFn: ({ pageParam }) => {
      const paging = { limit: PAGE_SIZE, cursor: pageParam };
      return props.project
        ? vulnApi.projectFindings(props.project, { ...filter, ...paging })
        : vulnApi.findings({ ...filter, ...paging });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = findings.data?.pages.flatMap((page) => page.items) ?? [];
  const total = findings.data?.pages[0]?.total ?? 0;
  const narrowed = Boolean(filter.severity || filter.q || filter.project || state !== 'open');

  return (
    <>
      <search className="filters" aria-label={`Filter the ${props.caption.toLowerCase()}`}>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')}>
            <option value="">Any severity</option>
            {severities.map((s) => (
              <option key={s} value={s}>
                {severityLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.target.value as StateFilter | '')}>
            {stateOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
            <option value="">Any state</option>
          </select>
        </label>
        {props.project ? null : (
          <label>
            Project
            <select value={project} onChange={(e) => setProject(e.target.value)}>
              <option value="">Every project</option>
              {(projects.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Package or advisory contains
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            aria-describedby={`${id}-q`}
          />
          <span id={`${id}-q`} className="visually-hidden">
            Part of a package name, a package URL, or an advisory id or alias (CVE-…).
          </span>
        </label>
      </search>
      <ProblemAlert error={findings.error} title="Could not load the findings" />
      {findings.isPending ? <p className="muted">Loading findings…</p> : null}
      {findings.isSuccess && items.length === 0 ? (
        <p className="muted">
          {narrowed
            ? 'No finding matches these filters.'
            : 'No open findings: every finding has been resolved, or triaged as a false positive or not affected.'}
        </p>
      ) : null}
      {items.length > 0 ? (
        <FindingsTable findings={items} caption={props.caption} showProject={!props.project} />
      ) : null}
      {items.length > 0 ? (
        <div className="table-footer">
          <p className="muted small" role="status">
            Showing {items.length.toLocaleString()} of {total.toLocaleString()}{' '}
            {total === 1 ? 'finding' : 'findings'}
            {findings.hasNextPage ? '; more are available' : ''}.
          </p>
          {findings.hasNextPage ? (
            <button
              type="button"
              className="button"
              onClick={() => findings.fetchNextPage()}
              disabled={findings.isFetchingNextPage}
            >
              {findings.isFetchingNextPage ? 'Loading…' : 'Load more findings'}
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
