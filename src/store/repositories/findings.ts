import type { Kysely, RawBuilder } from 'kysely';
import type {
  FindingFilter,
  FindingRepository,
  FindingSnapshot,
  NewFinding,
  SeverityCounts,
  StoredFinding,
  TriageRecord,
} from '../../services/ports.js';
import { parseFoundKey, parseKey } from '../../services/vulnerabilities/finding-keys.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { iso } from './rows.js';

const rank = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 } as const;
const closed = ['resolved', 'false_positive', 'not_affected'];
const BATCH = 2000;

/** The newest scan of every project that has one. */
const latest = sql`(select distinct on (project_id) id, project_id from scans
  order by project_id, created_at desc, id desc)`;

export function findingRepository(db: Kysely<Database>): FindingRepository {
  return {
    async replaceForScan(scanId, projectId, findings) {
      // serialized with scan inserts of the project; current only if this is the project's newest scan
      const locked = await sql<{ key: string }>`select lower(name) as key from projects
        where id = ${projectId}::uuid for update`.execute(db);
      const projectKey = locked.rows[0]?.key ?? '';
      const newest = await sql<{ id: string }>`select id from scans where project_id = ${projectId}::uuid
        order by created_at desc, id desc limit 1`.execute(db);
      const current = String(newest.rows[0]?.id ?? '') === scanId;
      for (let i = 0; i < findings.length; i += BATCH) {
        const json = JSON.stringify(findings.slice(i, i + BATCH).map(toRow));
        await sql`
          insert into scan_findings (scan_id, purl, advisory_id, aliases, ecosystem, name, version, summary,
            severity, severity_rank, score, cvss, fixed, introduced_by, direct, locations, first_seen, current,
            project_id, project_key)
          select ${scanId}::uuid, r.purl, r.advisory_id,
            array(select jsonb_array_elements_text(r.aliases)), r.ecosystem, r.name, r.version, r.summary,
            r.severity, r.severity_rank, r.score, r.cvss,
            array(select jsonb_array_elements_text(r.fixed)), r.introduced_by, r.direct,
            array(select jsonb_array_elements_text(r.locations)),
            coalesce((
              select min(f.first_seen) from scan_findings f join scans s on s.id = f.scan_id
              where s.project_id = ${projectId}::uuid and f.purl = r.purl and f.advisory_id = r.advisory_id
            ), date_trunc('milliseconds', now())), ${current}, ${projectId}::uuid, ${projectKey}
          from jsonb_to_recordset(${json}::jsonb) as r(purl text, advisory_id text, aliases jsonb,
            ecosystem text, name text, version text, summary text, severity text, severity_rank smallint,
            score numeric, cvss jsonb, fixed jsonb, introduced_by jsonb, direct boolean, locations jsonb)
          on conflict (scan_id, purl, advisory_id) do update set
            aliases = excluded.aliases, summary = excluded.summary, severity = excluded.severity,
            severity_rank = excluded.severity_rank, score = excluded.score, cvss = excluded.cvss,
            fixed = excluded.fixed, introduced_by = excluded.introduced_by, direct = excluded.direct,
            locations = excluded.locations, current = excluded.current`.execute(db);
      }
      // what this match no longer finds (an advisory withdrawn or corrected) goes
      await sql`
        delete from scan_findings f where f.scan_id = ${scanId}::uuid and (f.purl, f.advisory_id) not in (
          select * from unnest(${findings.map((x) => x.purl)}::text[], ${findings.map((x) => x.advisory)}::text[]))`.execute(
        db,
      );
      await linkTriage(db, sql`f.scan_id = ${scanId}::uuid`, projectId);
      await sql`update scans set matched_at = date_trunc('milliseconds', now()) where id = ${scanId}::uuid`.execute(
        db,
      );
    },

    async latestScans(packages) {
      if (packages === undefined) {
        const { rows } = await sql<{ id: string; project_id: string }>`select * from ${latest} l`.execute(db);
        return rows.map((r) => ({ scanId: String(r.id), projectId: String(r.project_id) }));
      }
      if (packages.length === 0) return [];
      const { rows } = await sql<{ id: string; project_id: string }>`
        select l.id, l.project_id from ${latest} l
        where exists (
          select 1 from scan_packages sp join packages p on p.id = sp.package_id
          where sp.scan_id = l.id and (p.ecosystem, p.name) in (
            select * from unnest(${packages.map((p) => p.ecosystem)}::text[], ${packages.map((p) => p.name)}::text[])))`.execute(
        db,
      );
      return rows.map((r) => ({ scanId: String(r.id), projectId: String(r.project_id) }));
    },

    async list(filter) {
      const found = filter.sort === 'found' || filter.sort === '-found';
      const desc = filter.sort === '-found';
      const queueAfter = !found && filter.after ? parseKey(filter.after) : null;
      const foundAfter = found && filter.after ? parseFoundKey(filter.after) : null;
      const op = sql.raw(desc ? '<' : '>');
      const dir = sql.raw(desc ? 'desc' : 'asc');
      // queue order, which scan_findings_queue_idx holds for current findings: a page is an index range;
      // by first seen, scan_findings_found_idx
      const { rows } = await sql<FindingRow>`
        select f.*, l.project_id, pr.name as project_name,
          t.state, t.justification, t.response as t_response, t.detail, t.source, t.updated_at, t.updated_by
        from scan_findings f
        join scans l on l.id = f.scan_id
        join projects pr on pr.id = l.project_id
        left join finding_triage t
          on t.project_id = l.project_id and t.purl = f.purl and t.vuln_id = f.triage_vuln_id
        where f.current and ${where(filter)}
          ${
            queueAfter
              ? sql`and (-f.severity_rank, -coalesce(f.score, -1), f.project_key, f.project_id, f.purl, f.advisory_id)
                > (${-queueAfter[0]}::int, ${-queueAfter[1]}::numeric, ${queueAfter[2]}, ${queueAfter[3]}::uuid,
                   ${queueAfter[4]}, ${queueAfter[5]})`
              : sql``
          }
          ${
            foundAfter
              ? sql`and (f.first_seen, f.project_id, f.purl, f.advisory_id)
                ${op} (${foundAfter[1]}::timestamptz, ${foundAfter[2]}::uuid, ${foundAfter[3]}, ${foundAfter[4]})`
              : sql``
          }
        order by ${
          found
            ? sql`f.first_seen ${dir}, f.project_id ${dir}, f.purl ${dir}, f.advisory_id ${dir}`
            : sql`-f.severity_rank, -coalesce(f.score, -1), f.project_key, f.project_id, f.purl, f.advisory_id`
        }
        limit ${filter.limit}`.execute(db);
      return rows.map(toFinding);
    },

    async count(filter) {
      // only the joins the filter needs: a plain count is the partial index's size
      const triage = filter.state !== undefined;
      const project = filter.teamIds !== undefined;
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from scan_findings f
        ${project || triage ? sql`join scans l on l.id = f.scan_id` : sql``}
        ${
          triage
            ? sql`left join finding_triage t
          on t.project_id = l.project_id and t.purl = f.purl and t.vuln_id = f.triage_vuln_id`
            : sql``
        }
        where f.current and ${where(filter)}`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },

    async setTriage(input) {
      const values = sql`${input.projectId}::uuid, ${input.purl}, ${input.vulnId}`;
      const response = sql`${input.response}::text[]`;
      const { rows } = await sql<TriageRow>`
        insert into finding_triage (project_id, purl, vuln_id, aliases, state, justification, response, detail,
          source, updated_by)
        values (${values}, ${input.aliases}::text[], ${input.state}, ${input.justification}, ${response},
          ${input.detail}, ${input.source}, ${input.actor})
        on conflict (project_id, purl, vuln_id) do update set
          aliases = excluded.aliases, state = excluded.state, justification = excluded.justification,
          response = excluded.response, detail = excluded.detail, source = excluded.source,
          updated_by = excluded.updated_by, updated_at = date_trunc('milliseconds', now())
        returning *`.execute(db);
      await sql`
        insert into finding_triage_history (project_id, purl, vuln_id, state, justification, response, detail,
          source, actor)
        values (${values}, ${input.state}, ${input.justification}, ${response}, ${input.detail},
          ${input.source}, ${input.actor})`.execute(db);
      await linkTriage(
        db,
        sql`f.scan_id in (select id from scans where project_id = ${input.projectId}::uuid) and f.purl = ${input.purl}`,
        input.projectId,
      );
      return toTriage(rows[0] as TriageRow);
    },

    async history(projectId, purl, ids) {
      const { rows } = await sql<TriageRow & { actor: string; at: string }>`
        select * from finding_triage_history
        where project_id = ${projectId}::uuid and purl = ${purl} and vuln_id = any(${[...ids]}::text[])
        order by id desc limit 200`.execute(db);
      return rows.map((r) => ({
        state: r.state,
        justification: r.justification ?? null,
        response: r.response ?? [],
        detail: r.detail ?? null,
        source: r.source,
        actor: r.actor,
        at: iso(r.at),
      }));
    },

    async totals(projectId, teamIds) {
      const scoped = teamIds ? sql`and ${inTeams(teamIds)}` : sql``;
      const { rows } = await sql<{ severity: string; state: string | null; n: string }>`
        select f.severity, t.state, count(*) as n from scan_findings f
        join ${latest} l on l.id = f.scan_id
        left join finding_triage t
          on t.project_id = l.project_id and t.purl = f.purl and t.vuln_id = f.triage_vuln_id
        where ${projectId ? sql`l.project_id = ${projectId}::uuid` : sql`true`} ${scoped}
        group by f.severity, t.state`.execute(db);
      const open = emptyCounts();
      const states = {
        open: 0,
        untriaged: 0,
        in_triage: 0,
        exploitable: 0,
        resolved: 0,
        false_positive: 0,
        not_affected: 0,
      };
      for (const r of rows) {
        const n = Number(r.n);
        states[(r.state ?? 'untriaged') as keyof typeof states] += n;
        if (r.state === null || !closed.includes(r.state)) {
          open[r.severity as keyof SeverityCounts] += n;
          states.open += n;
        }
      }
      const affected = await sql<{ n: string }>`
        select count(distinct l.project_id) as n from scan_findings f
        join ${latest} l on l.id = f.scan_id
        left join finding_triage t
          on t.project_id = l.project_id and t.purl = f.purl and t.vuln_id = f.triage_vuln_id
        where ${isOpen} ${projectId ? sql`and l.project_id = ${projectId}::uuid` : sql``} ${scoped}`.execute(
        db,
      );
      return { open, states, projectsAffected: Number(affected.rows[0]?.n ?? 0) };
    },

    async worstProjects(limit, teamIds) {
      const { rows } = await sql<{ id: string; name: string } & Record<keyof SeverityCounts, string>>`
        select pr.id, pr.name, ${countColumns} from scan_findings f
        join ${latest} l on l.id = f.scan_id
        join projects pr on pr.id = l.project_id
        left join finding_triage t
          on t.project_id = l.project_id and t.purl = f.purl and t.vuln_id = f.triage_vuln_id
        where ${isOpen} ${teamIds ? sql`and ${inTeams(teamIds)}` : sql``}
        group by pr.id, pr.name
        order by 3 desc, 4 desc, 5 desc, 6 desc, 7 desc, lower(pr.name), pr.id
        limit ${limit}`.execute(db);
      return rows.map((r) => ({ id: String(r.id), name: r.name, ...numbers(r) }));
    },

    async snapshot(projectId) {
      await sql`
        insert into finding_snapshots (project_id, critical, high, medium, low, unknown)
        select ${projectId}::uuid, ${countColumns} from scan_findings f
        join ${latest} l on l.id = f.scan_id
        left join finding_triage t
          on t.project_id = l.project_id and t.purl = f.purl and t.vuln_id = f.triage_vuln_id
        where l.project_id = ${projectId}::uuid and ${isOpen}`.execute(db);
    },

    async snapshots(since) {
      const { rows } = await sql<
        { project_id: string; taken_at: string } & Record<keyof SeverityCounts, string>
      >`
        select * from (
          select distinct on (project_id) * from finding_snapshots where taken_at < ${since}
          order by project_id, taken_at desc, id desc
        ) before
        union all
        select * from finding_snapshots where taken_at >= ${since}
        order by taken_at, id`.execute(db);
      return rows.map(
        (r): FindingSnapshot => ({
          projectId: String(r.project_id),
          takenAt: iso(r.taken_at),
          ...numbers(r),
        }),
      );
    },

    async usage(query) {
      const { rows } = await sql<Record<string, unknown>>`
        select pr.id as project_id, pr.name as project_name, s.id as scan_id, s.created_at, p.purl,
          p.ecosystem, p.name, p.version, sp.scope, sp.direct, sp.licenses
        from ${latest} l
        join scans s on s.id = l.id
        join projects pr on pr.id = l.project_id
        join scan_packages sp on sp.scan_id = l.id
        join packages p on p.id = sp.package_id
        where p.name = ${query.name}
          ${query.ecosystem ? sql`and p.ecosystem = ${query.ecosystem}` : sql``}
          ${query.version ? sql`and p.version = ${query.version}` : sql``}
        order by lower(pr.name), pr.id, p.purl
        limit 10000`.execute(db);
      return rows.map((r) => ({
        projectId: String(r.project_id),
        projectName: String(r.project_name),
        scanId: String(r.scan_id),
        scannedAt: iso(r.created_at),
        purl: String(r.purl),
        ecosystem: String(r.ecosystem),
        name: String(r.name),
        version: (r.version as string | null) ?? null,
        scope: String(r.scope),
        direct: (r.direct as boolean | null) ?? null,
        licenses: (r.licenses as string[] | null) ?? [],
      }));
    },
  };
}

/** The newest scan's project is owned by one of the teams, or by none. */
function inTeams(teamIds: readonly string[]): RawBuilder<unknown> {
  return sql`l.project_id in (select id from projects
    where owner_team_id is null or owner_team_id = any(${[...teamIds]}::uuid[]))`;
}

const isOpen = sql`(t.state is null or t.state not in ('resolved', 'false_positive', 'not_affected'))`;

const countColumns = sql`
  count(*) filter (where f.severity = 'critical')::int as critical,
  count(*) filter (where f.severity = 'high')::int as high,
  count(*) filter (where f.severity = 'medium')::int as medium,
  count(*) filter (where f.severity = 'low')::int as low,
  count(*) filter (where f.severity = 'unknown')::int as unknown`;

function where(filter: FindingFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.projectId) parts.push(sql`f.project_id = ${filter.projectId}::uuid`);
  if (filter.teamIds) parts.push(inTeams(filter.teamIds));
  if (filter.severity) parts.push(sql`f.severity = ${filter.severity}`);
  if (filter.purl) parts.push(sql`f.purl = ${filter.purl}`);
  if (filter.advisory) {
    parts.push(sql`(f.advisory_id = ${filter.advisory} or f.aliases @> array[${filter.advisory}]::text[])`);
  }
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      sql`(lower(f.name) like ${like} or lower(f.purl) like ${like} or lower(f.advisory_id) like ${like}
        or exists (select 1 from unnest(f.aliases) a where lower(a) like ${like}))`,
    );
  }
  if (filter.state === 'open') parts.push(isOpen);
  else if (filter.state === 'untriaged') parts.push(sql`t.state is null`);
  else if (filter.state) parts.push(sql`t.state = ${filter.state}`);
  return sql.join(parts, sql` and `);
}

/** Point findings at the decision made for their package and any id they go by; newest decision wins. */
async function linkTriage(
  db: Kysely<Database>,
  which: RawBuilder<unknown>,
  projectId: string,
): Promise<void> {
  await sql`
    update scan_findings f set triage_vuln_id = (
      select t.vuln_id from finding_triage t
      where t.project_id = ${projectId}::uuid and t.purl = f.purl
        and (t.vuln_id = f.advisory_id or t.vuln_id = any(f.aliases) or f.advisory_id = any(t.aliases))
      order by t.updated_at desc limit 1)
    where ${which}`.execute(db);
}

function toRow(f: NewFinding) {
  return {
    purl: f.purl,
    advisory_id: f.advisory,
    aliases: f.aliases,
    ecosystem: f.ecosystem,
    name: f.name,
    version: f.version,
    summary: f.summary,
    severity: f.severity,
    severity_rank: rank[f.severity],
    score: f.score,
    cvss: f.cvss,
    fixed: f.fixed,
    introduced_by: f.introducedBy,
    direct: f.direct,
    locations: f.locations,
  };
}

interface TriageRow {
  state: TriageRecord['state'];
  justification: string | null;
  response: string[] | null;
  detail: string | null;
  source: string;
  updated_at: string;
  updated_by: string;
}

interface FindingRow {
  scan_id: string;
  project_id: string;
  project_name: string;
  purl: string;
  advisory_id: string;
  aliases: string[];
  ecosystem: string;
  name: string;
  version: string;
  summary: string | null;
  severity: NewFinding['severity'];
  score: number | null;
  cvss: NewFinding['cvss'];
  fixed: string[];
  introduced_by: string[][];
  direct: boolean | null;
  locations: string[];
  first_seen: string;
  state: TriageRecord['state'] | null;
  justification: string | null;
  t_response: string[] | null;
  detail: string | null;
  source: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

function toFinding(r: FindingRow): StoredFinding {
  return {
    scanId: String(r.scan_id),
    projectId: String(r.project_id),
    projectName: r.project_name,
    purl: r.purl,
    ecosystem: r.ecosystem,
    name: r.name,
    version: r.version,
    advisory: r.advisory_id,
    aliases: r.aliases ?? [],
    summary: r.summary,
    severity: r.severity,
    score: r.score === null ? null : Math.round(Number(r.score) * 10) / 10,
    cvss: r.cvss ?? null,
    fixed: r.fixed ?? [],
    introducedBy: r.introduced_by ?? [],
    direct: r.direct,
    locations: r.locations ?? [],
    firstSeen: iso(r.first_seen),
    triage:
      r.state === null
        ? null
        : toTriage({
            state: r.state,
            justification: r.justification,
            response: r.t_response,
            detail: r.detail,
            source: r.source ?? 'user',
            updated_at: r.updated_at ?? r.first_seen,
            updated_by: r.updated_by ?? '',
          }),
  };
}

function toTriage(r: TriageRow): TriageRecord {
  return {
    state: r.state,
    justification: r.justification ?? null,
    response: r.response ?? [],
    detail: r.detail ?? null,
    source: r.source,
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by,
  };
}

function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

function numbers(r: Record<keyof SeverityCounts, unknown>): SeverityCounts {
  return {
    critical: Number(r.critical),
    high: Number(r.high),
    medium: Number(r.medium),
    low: Number(r.low),
    unknown: Number(r.unknown),
  };
}
