import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import {
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { api, type DependencyNode, type DependencyPaths, type ScanPackage, type ScanSummary } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { purlName } from '../licenses/labels';
import { packagePagePath } from '../packages/api';
import { Link } from '../router';
import { formatDateTime } from './labels';
import './DependencyTree.css';

const PAGE_SIZE = 50;
const MATCHES = 8;
const PATHS = 5;
/** The loaded level of the roots; every other level is keyed by its package's purl. */
const ROOTS = '';

/** A loaded level of the tree: what one package depends on (or the roots), page by page. */
interface Level {
  items: DependencyNode[];
  next: string | null;
  loading: boolean;
}

/** One visible line of the tree, in display order: a package, or a level's "Load more". */
interface Row {
  key: string;
  parentKey: string | null;
  node: DependencyNode | null;
  /** The level this line belongs to (ROOTS or the parent's purl). */
  of: string;
  /** On its own branch already, higher up: not expanded again. */
  cycle: boolean;
}

/** The dependency tree of a scan, loaded a level at a time, and the paths down to any package. */
export function DependencyTree({ scan }: { scan: ScanSummary }) {
  return (
    <section aria-labelledby="dependencies-heading" className="panel">
      <h2 id="dependencies-heading">Dependency tree</h2>
      <p className="muted small">
        The scan of {formatDateTime(scan.createdAt)}. At the top: the packages the project depends on
        directly, and any package nothing else depends on. Expand a package to see what it depends on; with
        the keyboard, the arrow keys move and expand, Home and End go to the first and last package.
      </p>
      {scan.edgeCount === 0 ? (
        <p className="muted small">
          This scan's files record no dependencies between packages, so every package is at the top.
        </p>
      ) : null}
      <Tree key={scan.id} scan={scan} />
      <PathFinder key={`paths-${scan.id}`} scan={scan} />
    </section>
  );
}

function Tree({ scan }: { scan: ScanSummary }) {
  const [levels, setLevels] = useState<ReadonlyMap<string, Level>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items = useRef(new Map<string, HTMLDivElement>());
  const pendingFocus = useRef<string | null>(null);
  const labelIds = useRef(new Map<string, number>());
  const baseId = useId();
  // the levels as last set, for loads that start before a render
  const levelsRef = useRef(levels);

  const remember = (key: string) => (el: HTMLDivElement | null) => {
    if (el) items.current.set(key, el);
    else items.current.delete(key);
  };

  const idOf = (key: string) => {
    let n = labelIds.current.get(key);
    if (n === undefined) {
      n = labelIds.current.size;
      labelIds.current.set(key, n);
    }
    return `${baseId}-${n}`;
  };

  /** Loads a level (or its next page, with `more`); the packages that came, or null. */
  const load = useCallback(
    async (of: string, more: boolean): Promise<DependencyNode[] | null> => {
      const current = levelsRef.current.get(of);
      if (current?.loading || (current && !more)) return null;
      const kept = { items: current?.items ?? [], next: current?.next ?? null };
      levelsRef.current = new Map(levelsRef.current).set(of, { ...kept, loading: true });
      setLevels(levelsRef.current);
      try {
        const page = await api.listDependencies(scan.id, {
          of: of === ROOTS ? undefined : of,
          limit: PAGE_SIZE,
          cursor: more ? (kept.next ?? undefined) : undefined,
        });
        setError(null);
        const items = [...kept.items, ...page.items];
        levelsRef.current = new Map(levelsRef.current).set(of, { items, next: page.next, loading: false });
        setLevels(levelsRef.current);
        return page.items;
      } catch (e) {
        setError(e);
        const next = new Map(levelsRef.current);
        // a level that never loaded is forgotten, so expanding it again tries again
        if (current) next.set(of, { ...kept, loading: false });
        else next.delete(of);
        levelsRef.current = next;
        setLevels(next);
        return null;
      }
    },
    [scan.id],
  );

  useEffect(() => {
    void load(ROOTS, false);
  }, [load]);

  // focus that waits for a render: the first package a "Load more" brought in
  useEffect(() => {
    const key = pendingFocus.current;
    const el = key === null ? undefined : items.current.get(key);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });

  const rows = visibleRows(levels, expanded);
  const focusKey = rows.some((r) => r.key === focused) ? focused : (rows[0]?.key ?? null);

  const toggle = (row: Row, open: boolean) => {
    if (!row.node) return;
    const key = row.key;
    setExpanded((s) => {
      const next = new Set(s);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
    if (open) void load(row.node.purl, false);
  };

  const loadMore = async (row: Row) => {
    const first = (await load(row.of, true))?.[0];
    if (first) {
      const key = row.parentKey === null ? first.purl : `${row.parentKey}\n${first.purl}`;
      pendingFocus.current = key;
      setFocused(key);
    }
  };

  const move = (key: string | undefined | null) => {
    if (!key) return;
    setFocused(key);
    items.current.get(key)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const index = rows.findIndex((r) => r.key === focusKey);
    const row = rows[index];
    if (!row) return;
    const canExpand = row.node !== null && row.node.children > 0 && !row.cycle;
    const isOpen = expanded.has(row.key);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        move(rows[index + 1]?.key);
        break;
      case 'ArrowUp':
        move(rows[index - 1]?.key);
        break;
      case 'Home':
        move(rows[0]?.key);
        break;
      case 'End':
        move(rows.at(-1)?.key);
        break;
      case 'ArrowRight':
        if (canExpand && !isOpen) toggle(row, true);
        else if (canExpand && rows[index + 1]?.parentKey === row.key) move(rows[index + 1]?.key);
        break;
      case 'ArrowLeft':
        if (canExpand && isOpen) toggle(row, false);
        else move(row.parentKey);
        break;
      case 'Enter':
      case ' ':
        if (row.node === null) void loadMore(row);
        else if (canExpand) toggle(row, !isOpen);
        break;
      default:
        handled = typeAhead(event.key, index);
    }
    if (handled) event.preventDefault();
  };

  /** A printable key: on to the next package whose name starts with it. */
  const typeAhead = (key: string, index: number): boolean => {
    if (key.length !== 1 || !/\S/.test(key)) return false;
    const lower = key.toLowerCase();
    for (let step = 1; step <= rows.length; step++) {
      const r = rows[(index + step) % rows.length];
      if (r?.node?.name.toLowerCase().startsWith(lower)) {
        move(r.key);
        return true;
      }
    }
    return false;
  };

  const roots = levels.get(ROOTS);
  /** One level's items; `total`: how many it has, when known (its package's child count). */
  const renderLevel = (
    of: string,
    parentKey: string | null,
    ancestors: readonly string[],
    depth: number,
    total: number | null,
  ) => {
    const level = levels.get(of);
    if (!level) return null;
    const setsize = total ?? (level.next ? -1 : level.items.length);
    const out: ReactNode[] = level.items.map((node, i) => {
      const key = parentKey === null ? node.purl : `${parentKey}\n${node.purl}`;
      const cycle = ancestors.includes(node.purl);
      const canExpand = node.children > 0 && !cycle;
      const isOpen = canExpand && expanded.has(key);
      const child = levels.get(node.purl);
      const labelId = idOf(key);
      return (
        <div
          key={key}
          ref={remember(key)}
          role="treeitem"
          data-key={key}
          tabIndex={key === focusKey ? 0 : -1}
          aria-level={depth}
          aria-posinset={i + 1}
          aria-setsize={setsize}
          aria-expanded={canExpand ? isOpen : undefined}
          aria-busy={isOpen && child?.loading ? true : undefined}
          aria-labelledby={labelId}
          aria-describedby={`${labelId}-d`}
          className="dep-item"
        >
          <div className="dep-row">
            <span className="dep-toggle" aria-hidden="true">
              {canExpand ? (isOpen ? '▾' : '▸') : '·'}
            </span>
            <span id={labelId} className="dep-label" title={node.purl}>
              <span className="dep-name">{node.name}</span>{' '}
              <span className="dep-version">{node.version ?? 'unpinned'}</span>
            </span>
            <span id={`${labelId}-d`} className="dep-details">
              <span className="dep-tag">{node.scope}</span>
              {node.direct ? <span className="dep-tag dep-direct">direct</span> : null}
              <span className="dep-licenses" title={node.licenses.join(' AND ') || undefined}>
                {node.licenses.length ? node.licenses.join(' AND ') : 'no license declared'}
              </span>
              <span className="muted small">
                {cycle
                  ? 'cycle: already above on this branch'
                  : node.children > 0
                    ? `${node.children.toLocaleString()} ${node.children === 1 ? 'dependency' : 'dependencies'}`
                    : 'no dependencies'}
                {isOpen && child?.loading ? ', loading…' : ''}
              </span>
            </span>
          </div>
          {isOpen && child && child.items.length > 0 ? (
            // biome-ignore lint/a11y/useSemanticElements: a tree's group of treeitems, as WAI-ARIA has it
            <div role="group" className="dep-group">
              {renderLevel(node.purl, key, [...ancestors, node.purl], depth + 1, node.children)}
            </div>
          ) : null}
        </div>
      );
    });
    if (level.next) {
      const key = moreKey(parentKey);
      out.push(
        <div
          key={key}
          ref={remember(key)}
          role="treeitem"
          data-key={key}
          tabIndex={key === focusKey ? 0 : -1}
          aria-level={depth}
          aria-busy={level.loading ? true : undefined}
          className="dep-item dep-more"
        >
          <div className="dep-row">
            <span className="dep-toggle" aria-hidden="true">
              +
            </span>
            <span className="dep-load-more">
              {level.loading ? 'Loading…' : 'Load more'}
              <span className="muted small">
                {' '}
                ({level.items.length.toLocaleString()}
                {total ? ` of ${total.toLocaleString()}` : ''} shown
                {of === ROOTS ? '' : ` under ${purlName(of)}`})
              </span>
            </span>
          </div>
        </div>,
      );
    }
    return out;
  };

  /** A click anywhere on a line: focus it, and expand, collapse or load more. */
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const el = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    const row = rows.find((r) => r.key === el?.dataset.key);
    if (!row) return;
    move(row.key);
    if (row.node === null) void loadMore(row);
    else if (row.node.children > 0 && !row.cycle) toggle(row, !expanded.has(row.key));
  };

  return (
    <>
      <ProblemAlert error={error} title="Could not load the dependency tree" />
      {roots === undefined || (roots.loading && roots.items.length === 0) ? (
        <p className="muted" role="status">
          Loading the dependency tree…
        </p>
      ) : roots.items.length === 0 ? (
        <p className="muted">This scan has no packages.</p>
      ) : (
        <div
          role="tree"
          aria-label={`Dependencies of the scan of ${formatDateTime(scan.createdAt)}`}
          className="dep-tree"
          onKeyDown={onKeyDown}
          onClick={onClick}
          onFocus={(e) => {
            const key = (e.target as HTMLElement).dataset.key;
            if (key !== undefined && key !== focused) setFocused(key);
          }}
        >
          {renderLevel(ROOTS, null, [], 1, null)}
        </div>
      )}
    </>
  );
}

function moreKey(parentKey: string | null): string {
  return `${parentKey ?? ''}\u0000more`;
}

/** The lines of the tree as shown, top to bottom, for moving with the keyboard. */
function visibleRows(levels: ReadonlyMap<string, Level>, expanded: ReadonlySet<string>): Row[] {
  const out: Row[] = [];
  const walk = (of: string, parentKey: string | null, ancestors: readonly string[]) => {
    const level = levels.get(of);
    if (!level) return;
    for (const node of level.items) {
      const key = parentKey === null ? node.purl : `${parentKey}\n${node.purl}`;
      const cycle = ancestors.includes(node.purl);
      out.push({ key, parentKey, node, of, cycle });
      if (!cycle && node.children > 0 && expanded.has(key)) walk(node.purl, key, [...ancestors, node.purl]);
    }
    if (level.next) out.push({ key: moreKey(parentKey), parentKey, node: null, of, cycle: false });
  };
  walk(ROOTS, null, []);
  return out;
}

/** "Path to a package": pick one of the scan's packages by name, see the shortest ways down to it. */
function PathFinder({ scan }: { scan: ScanSummary }) {
  const [q, setQ] = useState('');
  const [target, setTarget] = useState<ScanPackage | null>(null);
  const deferredQ = useDeferredValue(q.trim());
  const inputId = useId();
  const matches = useQuery({
    queryKey: ['dependency-search', scan.id, deferredQ],
    queryFn: () => api.listScanPackages(scan.id, { q: deferredQ, limit: MATCHES }),
    enabled: deferredQ.length > 0,
  });
  const paths = useQuery({
    queryKey: ['dependency-paths', scan.id, target?.purl],
    queryFn: () => api.dependencyPaths(scan.id, target?.purl ?? '', PATHS),
    enabled: target !== null,
  });
  const found = matches.data?.items ?? [];

  return (
    <section aria-labelledby="path-heading" className="dep-paths-finder">
      <h3 id="path-heading">Path to a package</h3>
      <search className="filters">
        <label htmlFor={inputId}>Package to trace (name contains)</label>
        <input
          id={inputId}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="e.g. minimist"
          aria-describedby={`${inputId}-hint`}
        />
        <span id={`${inputId}-hint`} className="muted small">
          Then choose the package to see how the project comes to depend on it.
        </span>
      </search>
      <ProblemAlert error={matches.error} title="Could not search the packages" />
      {deferredQ && matches.isSuccess ? (
        found.length === 0 ? (
          <p className="muted" role="status">
            No package of this scan has “{deferredQ}” in its name.
          </p>
        ) : (
          <ul className="dep-matches" aria-label="Matching packages">
            {found.map((p) => (
              <li key={p.purl}>
                <button
                  type="button"
                  className="button button-small"
                  aria-pressed={target?.purl === p.purl}
                  onClick={() => setTarget(p)}
                  title={p.purl}
                >
                  {target?.purl === p.purl ? <span aria-hidden="true">✓ </span> : null}
                  {p.name} {p.version ?? 'unpinned'}
                  <span className="muted"> ({p.scope})</span>
                </button>
              </li>
            ))}
            {matches.data.next ? <li className="muted small">More match: type more of the name.</li> : null}
          </ul>
        )
      ) : null}
      {target ? <PathsResult target={target} query={paths} /> : null}
    </section>
  );
}

function PathsResult(props: { target: ScanPackage; query: UseQueryResult<DependencyPaths> }) {
  const { target, query } = props;
  const label = `${target.name} ${target.version ?? 'unpinned'}`;
  if (query.isPending) {
    return (
      <p className="muted" role="status">
        Finding the paths to {label}…
      </p>
    );
  }
  if (query.isError)
    return <ProblemAlert error={query.error} title={`Could not find the paths to ${label}`} />;
  const { roots, paths } = query.data;
  return (
    <div className="dep-paths">
      <p role="status">
        <strong>{label}</strong>{' '}
        {paths.length === 0
          ? 'is reached by no path from the top of the tree (it sits on a dependency cycle).'
          : paths.length === 1 && paths[0]?.length === 1 && roots === 1
            ? 'is at the top of the tree: the project depends on it directly, or nothing else does.'
            : `is reached from ${roots.toLocaleString()} ${roots === 1 ? 'package' : 'packages'} at the top. ` +
              `${paths.length === 1 ? 'The shortest path' : `The ${paths.length} shortest paths`}:`}
      </p>
      {paths.length > 0 && !(paths.length === 1 && paths[0]?.length === 1) ? (
        <ol className="dep-path-list">
          {paths.map((path, i) => (
            <li key={path.join(' ')}>
              <nav aria-label={`Path ${i + 1} to ${label}`}>
                <ol className="chain dep-breadcrumb">
                  {path.map((purl, at) =>
                    at === path.length - 1 ? (
                      <li key={purl} aria-current="location">
                        <mark className="dep-target" title={purl}>
                          {crumb(purl)}
                        </mark>
                      </li>
                    ) : (
                      <li key={purl}>
                        <Link to={packagePagePath(purl)} title={purl}>
                          {crumb(purl)}
                        </Link>
                      </li>
                    ),
                  )}
                </ol>
              </nav>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** A purl as `name version`. */
function crumb(purl: string): string {
  const version = /@([^@/?#]+)(?:[?#].*)?$/.exec(purl)?.[1];
  if (!version) return purlName(purl);
  try {
    return `${purlName(purl)} ${decodeURIComponent(version)}`;
  } catch {
    return `${purlName(purl)} ${version}`;
  }
}
