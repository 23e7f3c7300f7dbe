import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, type PackageFilter, type ScanSummary } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { PackagesTable } from './PackagesTable';
import { ScanDiffPanel } from './ScanDiffPanel';

const ECOSYSTEMS = [
  'npm',
  'PyPI',
  'Go',
  'crates.io',
  'RubyGems',
  'Packagist',
  'Maven',
  'NuGet',
  'Pub',
  'Hex',
  'ConanCenter',
  'CRAN',
];
const SCOPES = ['prod', 'dev', 'optional', 'peer', 'unknown'];
const PAGE_SIZE = 100;

/** The packages of one scan, searchable and filterable, with the scan's file errors and its diff. */
export function InventoryPanel({ scan, previous }: { scan: ScanSummary; previous: ScanSummary | undefined }) {
  const [q, setQ] = useState('');
  const [ecosystem, setEcosystem] = useState('');
  const [scope, setScope] = useState('');
  const deferredQ = useDeferredValue(q.trim());
  const filter: PackageFilter = {
    q: deferredQ || undefined,
    ecosystem: ecosystem || undefined,
    scope: scope || undefined,
  };
  const packages = useInfiniteQuery({
    queryKey: ['scan-packages', scan.id, filter],
    queryFn: ({ pageParam }) =>
      api.listScanPackages(scan.id, { ...filter, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const detail = useQuery({ queryKey: ['scan', scan.id], queryFn: () => api.getScan(scan.id) });
  const items = packages.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="inventory-heading">
      <h2 id="inventory-heading">Inventory</h2>
      <search className="filters">
        <label>
          Search packages
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="name contains…"
          />
        </label>
        <label>
          Ecosystem
          <select value={ecosystem} onChange={(e) => setEcosystem(e.target.value)}>
            <option value="">All</option>
            {ECOSYSTEMS.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label>
          Scope
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">All</option>
            {SCOPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </search>
      <ProblemAlert error={packages.error} title="Could not load the packages" />
      {packages.isSuccess && items.length === 0 ? (
        <p className="muted">No package matches these filters.</p>
      ) : (
        <PackagesTable packages={items} />
      )}
      <p className="muted" role="status">
        {packages.isSuccess
          ? `Showing ${items.length.toLocaleString()} of ${scan.packageCount.toLocaleString()} packages${filter.q || filter.ecosystem || filter.scope ? ' (filtered)' : ''}.`
          : 'Loading packages…'}
      </p>
      {packages.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => packages.fetchNextPage()}
          disabled={packages.isFetchingNextPage}
        >
          {packages.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
      {detail.data && detail.data.errors.length > 0 ? (
        <section aria-labelledby="scan-errors">
          <h3 id="scan-errors">Files that could not be read ({detail.data.errors.length})</h3>
          <ul className="error-list">
            {detail.data.errors.map((e) => (
              <li key={`${e.path}:${e.code}`}>
                <code>
                  {e.path}
                  {e.line ? `:${e.line}` : ''}
                </code>{' '}
                {e.message} <span className="muted">({e.code})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {previous ? <ScanDiffPanel scan={scan} previous={previous} /> : null}
    </section>
  );
}
