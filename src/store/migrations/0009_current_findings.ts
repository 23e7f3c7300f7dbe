import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * Findings of each project's newest scan are marked `current`, and carry their project's id and sort
 * key, so the portfolio's finding queue reads a page from one partial index in queue order (worst
 * first, then by project) instead of joining and sorting every finding of every scan. Findings of older scans stay (they carry first-seen times) but are not
 * current. Kept true by the store: a new scan makes its project's older findings not current, and a
 * match writes current rows only for the project's newest scan; both lock the project row first, so a
 * scan saved during a match of an older one cannot leave both current.
 */
export const currentFindings: Migration = {
  id: '0009_current_findings',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `alter table scan_findings add column current boolean not null default false`,
  // the queue's tie-breakers, copied from the project (the key is lower(name); a rename must update it)
  `alter table scan_findings add column project_id uuid`,
  `alter table scan_findings add column project_key text`,
  `update scan_findings f set project_id = s.project_id, project_key = lower(p.name)
   from scans s join projects p on p.id = s.project_id where s.id = f.scan_id`,
  `update scan_findings f set current = true
   from (select distinct on (project_id) id from scans order by project_id, created_at desc, id desc) l
   where l.id = f.scan_id`,
  `create index scan_findings_queue_idx on scan_findings
   ((-severity_rank), (-coalesce(score, -1)), project_key, project_id, purl, advisory_id) where current`,
  // the queue by when findings were first seen (sort=-found / found)
  `create index scan_findings_found_idx on scan_findings (first_seen, project_id, purl, advisory_id)
   where current`,
  // one package's findings across the portfolio (the package page, ospo where)
  `create index scan_findings_current_purl_idx on scan_findings (purl) where current`,
  // one project's queue (its page, its VEX export)
  `create index scan_findings_project_queue_idx on scan_findings
   (project_id, (-severity_rank), (-coalesce(score, -1)), purl, advisory_id) where current`,
];
