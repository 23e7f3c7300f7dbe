import type { Kysely } from 'kysely';
import type {
  DependencyNodeRow,
  KeysetCursor,
  NewScan,
  ScanDetail,
  ScanPackageRow,
  ScanRepository,
  ScanSummary,
} from '../../services/ports.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { iso } from './rows.js';

const BATCH = 5000;

type ScanRow = Database['scans'] extends infer T ? { [K in keyof T]: unknown } : never;

export function scanRepository(db: Kysely<Database>): ScanRepository {
  return {
    async insert(scan: NewScan) {
      // one scan insert or finding match per project at a time (see 0009_current_findings)
      await sql`select id from projects where id = ${scan.projectId}::uuid for update`.execute(db);
      const row = await db
        .insertInto('scans')
        .values({
          project_id: scan.projectId,
          created_by: scan.createdBy,
          source: scan.source,
          vcs_commit: scan.vcsCommit,
          vcs_branch: scan.vcsBranch,
          tool_version: scan.toolVersion,
          package_count: scan.packages.length,
          edge_count: scan.edges.length,
          files: JSON.stringify(scan.files),
          errors: JSON.stringify(scan.errors),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // the project's older findings are no longer current: this scan is its newest
      await sql`update scan_findings set current = false
        where current and scan_id in (
          select id from scans where project_id = ${scan.projectId}::uuid and id <> ${row.id}::uuid)`.execute(
        db,
      );
      for (let i = 0; i < scan.packages.length; i += BATCH) {
        const rows = scan.packages.slice(i, i + BATCH).map((p) => ({
          purl: p.purl,
          ecosystem: p.ecosystem,
          name: p.name,
          version: p.version,
          scope: p.scope,
          direct: p.direct,
          licenses: p.licenses,
          locations: p.locations.map((l) => l.path),
        }));
        const json = JSON.stringify(rows);
        await sql`
          insert into packages (purl, ecosystem, name, version)
          select r.purl, r.ecosystem, r.name, r.version
          from jsonb_to_recordset(${json}::jsonb) as r(purl text, ecosystem text, name text, version text)
          on conflict (purl) do nothing`.execute(db);
        await sql`
          insert into scan_packages (scan_id, package_id, scope, direct, licenses, locations)
          select ${row.id}::uuid, p.id, r.scope, r.direct,
            array(select jsonb_array_elements_text(r.licenses)),
            array(select jsonb_array_elements_text(r.locations))
          from jsonb_to_recordset(${json}::jsonb)
            as r(purl text, scope text, direct boolean, licenses jsonb, locations jsonb)
          join packages p on p.purl = r.purl`.execute(db);
      }
      for (let i = 0; i < scan.edges.length; i += BATCH) {
        const json = JSON.stringify(scan.edges.slice(i, i + BATCH));
        await sql`
          insert into scan_edges (scan_id, from_purl, to_purl)
          select ${row.id}::uuid, r."from", r."to"
          from jsonb_to_recordset(${json}::jsonb) as r("from" text, "to" text)
          on conflict do nothing`.execute(db);
      }
      return toSummary(row);
    },

    async listForProject(projectId, { limit, after, sort }) {
      const desc = sort?.desc ?? true;
      let query = db.selectFrom('scans').select(summaryColumns).where('project_id', '=', projectId);
      if (after) {
        query = query.where(
          sql<boolean>`(created_at, id::text) ${sql.raw(desc ? '<' : '>')} (${after.key}::timestamptz, ${after.id})`,
        );
      }
      const direction = desc ? 'desc' : 'asc';
      const rows = await query
        .orderBy('created_at', direction)
        .orderBy(sql`id::text`, direction)
        .limit(limit)
        .execute();
      return rows.map(toSummary);
    },

    async summary(id) {
      const row = await db.selectFrom('scans').select(summaryColumns).where('id', '=', id).executeTakeFirst();
      return row ? toSummary(row) : null;
    },

    async get(id) {
      const row = await db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      return {
        ...toSummary(row),
        files: row.files as ScanDetail['files'],
        errors: row.errors as ScanDetail['errors'],
      };
    },

    async packages(scanId, { limit, after, ecosystem, scope, q, sort }) {
      // The scan's rows first (materialized), then filtered and sorted: left to itself the planner walks
      // the whole packages table in purl order probing for this scan, which reads every package stored
      // for every project to fill one page of one scan.
      const { rows } = await sql<ScanPackageRow>`
        with r as materialized (
          select p.purl, p.ecosystem, p.name, p.version, sp.scope, sp.direct, sp.licenses, sp.locations
          from scan_packages sp join packages p on p.id = sp.package_id
          where sp.scan_id = ${scanId}::uuid
        )
        select * from r
        where true
          ${ecosystem ? sql`and ecosystem = ${ecosystem}` : sql``}
          ${scope ? sql`and scope = ${scope}` : sql``}
          ${q ? sql`and lower(name) like ${`%${escapeLike(q.toLowerCase())}%`}` : sql``}
          ${after ? packagesAfter(sort, after) : sql``}
        order by ${packageOrder(sort)}
        limit ${limit}`.execute(db);
      return rows.map((r) => ({ ...r, licenses: r.licenses ?? [], locations: r.locations ?? [] }));
    },

    async edges(scanId) {
      const rows = await db
        .selectFrom('scan_edges')
        .select(['from_purl', 'to_purl'])
        .where('scan_id', '=', scanId)
        .orderBy('from_purl')
        .orderBy('to_purl')
        .execute();
      return rows.map((r) => ({ from: r.from_purl, to: r.to_purl }));
    },

    async dependencies(scanId, of, { limit, after }) {
      // how many packages of the scan a row's package depends on: one probe of the scan_edges key each
      const children = (purl: ReturnType<typeof sql.ref>) => sql<number>`(
        select count(*) from scan_edges c
        join packages cp on cp.purl = c.to_purl
        join scan_packages csp on csp.scan_id = c.scan_id and csp.package_id = cp.id
        where c.scan_id = ${scanId}::uuid and c.from_purl = ${purl})::int`;
      if (of !== null) {
        const known = await sql`
          select 1 from packages p join scan_packages sp on sp.package_id = p.id
          where sp.scan_id = ${scanId}::uuid and p.purl = ${of}`.execute(db);
        if (known.rows.length === 0) return null;
        // a range of the scan_edges key (scan_id, from_purl, to_purl), in to_purl order
        const { rows } = await sql<DependencyNodeRow>`
          select p.purl, p.ecosystem, p.name, p.version, sp.scope, sp.direct, sp.licenses,
            ${children(sql.ref('p.purl'))} as children
          from scan_edges e
          join packages p on p.purl = e.to_purl
          join scan_packages sp on sp.scan_id = e.scan_id and sp.package_id = p.id
          where e.scan_id = ${scanId}::uuid and e.from_purl = ${of}
            ${after ? sql`and e.to_purl > ${after.key}` : sql``}
          order by e.to_purl
          limit ${limit}`.execute(db);
        return rows.map((r) => ({ ...r, licenses: r.licenses ?? [] }));
      }
      // the same roots as services/dependencies.ts finds in a loaded graph
      const { rows } = await sql<DependencyNodeRow>`
        with r as materialized (
          select p.purl, p.ecosystem, p.name, p.version, sp.scope, sp.direct, sp.licenses
          from scan_packages sp join packages p on p.id = sp.package_id
          where sp.scan_id = ${scanId}::uuid
        ), depended as materialized (
          select distinct e.to_purl as purl
          from scan_edges e join r f on f.purl = e.from_purl
          where e.scan_id = ${scanId}::uuid and e.from_purl <> e.to_purl
        )
        select r.*, ${children(sql.ref('r.purl'))} as children
        from r left join depended d on d.purl = r.purl
        where (r.direct is true or d.purl is null)
          ${after ? sql`and r.purl > ${after.key}` : sql``}
        order by r.purl
        limit ${limit}`.execute(db);
      return rows.map((r) => ({ ...r, licenses: r.licenses ?? [] }));
    },

    async newestPerProject() {
      // one index probe (scans_project_idx) per project, the same tie-break as "newest" everywhere else
      const { rows } = await sql<{
        id: string;
        name: string;
        created_at: string;
        scan_id: string | null;
        scanned_at: string | null;
      }>`
        select pr.id, pr.name, pr.created_at, l.id as scan_id, l.created_at as scanned_at
        from projects pr
        left join lateral (
          select s.id, s.created_at from scans s where s.project_id = pr.id
          order by s.created_at desc, s.id desc limit 1
        ) l on true
        order by l.created_at asc nulls first, pr.created_at, lower(pr.name), pr.id`.execute(db);
      return rows.map((r) => ({
        projectId: String(r.id),
        projectName: r.name,
        projectCreatedAt: iso(r.created_at),
        scanId: r.scan_id === null ? null : String(r.scan_id),
        scannedAt: r.scanned_at === null ? null : iso(r.scanned_at),
      }));
    },
  };
}

/** A scan's columns without its file and error lists (a scan of a big tree lists thousands), only their sizes. */
const summaryColumns = [
  'id',
  'project_id',
  'created_at',
  'created_by',
  'source',
  'vcs_commit',
  'vcs_branch',
  'tool_version',
  'package_count',
  'edge_count',
  sql<number>`coalesce(jsonb_array_length(files), 0)`.as('file_count'),
  sql<number>`coalesce(jsonb_array_length(errors), 0)`.as('error_count'),
] as const;

function toSummary(row: Partial<ScanRow> & { file_count?: unknown; error_count?: unknown }): ScanSummary {
  const fileCount =
    row.file_count !== undefined ? Number(row.file_count) : ((row.files as unknown[] | null) ?? []).length;
  const errorCount =
    row.error_count !== undefined ? Number(row.error_count) : ((row.errors as unknown[] | null) ?? []).length;
  return {
    id: String(row.id),
    projectId: String(row.project_id),
    createdAt: new Date(row.created_at as string).toISOString(),
    createdBy: String(row.created_by),
    source: row.source as ScanSummary['source'],
    vcsCommit: (row.vcs_commit as string | null) ?? null,
    vcsBranch: (row.vcs_branch as string | null) ?? null,
    toolVersion: String(row.tool_version),
    packageCount: Number(row.package_count),
    edgeCount: Number(row.edge_count),
    fileCount,
    errorCount,
  };
}

/** The ORDER BY of a scan's packages (in the materialized CTE: scan_packages has no index for it). */
function packageOrder(sort: PackageSort | undefined) {
  const d = sql.raw(sort?.desc ? 'desc' : 'asc');
  switch (sort?.key) {
    case 'name':
      return sql`lower(name) ${d}, purl ${d}`;
    case 'ecosystem':
      return sql`ecosystem ${d}, lower(name) ${d}, purl ${d}`;
    default:
      return sql`purl ${d}`;
  }
}

/** Past the cursor's package in that order; other than by purl, found by its purl among the scan's rows. */
function packagesAfter(sort: PackageSort | undefined, after: KeysetCursor) {
  const beyond = sql.raw(sort?.desc ? '<' : '>');
  switch (sort?.key) {
    case 'name':
      return sql`and (lower(name), purl) ${beyond} (select lower(c.name), c.purl from r c where c.purl = ${after.id})`;
    case 'ecosystem':
      return sql`and (ecosystem, lower(name), purl) ${beyond}
        (select c.ecosystem, lower(c.name), c.purl from r c where c.purl = ${after.id})`;
    default:
      return sql`and purl ${beyond} ${after.key}`;
  }
}

type PackageSort = NonNullable<Parameters<ScanRepository['packages']>[1]['sort']>;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
