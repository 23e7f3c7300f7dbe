import type { Kysely } from 'kysely';
import type {
  LicenseSummaryRecord,
  LicenseSummaryRepository,
  PolicyRepository,
  PolicyVersion,
  RegistryLicenseCache,
  WaiverRecord,
  WaiverRepository,
} from '../../services/ports.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { iso, type Row } from './rows.js';

export function policyRepository(db: Kysely<Database>): PolicyRepository {
  return {
    async current() {
      const row = await db
        .selectFrom('license_policies')
        .selectAll()
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toPolicy(row) : null;
    },
    async history(limit) {
      const rows = await db
        .selectFrom('license_policies')
        .selectAll()
        .orderBy('version', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toPolicy);
    },
    async insert(document, createdBy) {
      // the next version number under a lock on the table: two writers never get the same one
      await sql`lock table license_policies in share row exclusive mode`.execute(db);
      const last = await db
        .selectFrom('license_policies')
        .select((eb) => eb.fn.max('version').as('v'))
        .executeTakeFirst();
      const row = await db
        .insertInto('license_policies')
        .values({ version: Number(last?.v ?? 0) + 1, document, created_by: createdBy })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPolicy(row);
    },
  };
}

export function waiverRepository(db: Kysely<Database>): WaiverRepository {
  return {
    async list({ includeRevoked, limit, afterId, sort }) {
      let query = db.selectFrom('license_waivers').selectAll();
      if (!includeRevoked) query = query.where('revoked_at', 'is', null);
      const desc = sort?.desc ?? false;
      const beyond = sql.raw(desc ? '<' : '>');
      const byExpiry = sort?.key === 'expires';
      if (afterId) {
        // waivers are never edited (revoking keeps expires), so the cursor's waiver says where it stood
        query = byExpiry
          ? query.where(
              sql<boolean>`(expires, seq) ${beyond} (select w.expires, w.seq from license_waivers w where w.id = ${afterId})`,
            )
          : query.where('seq', desc ? '<' : '>', (eb) =>
              eb.selectFrom('license_waivers').select('seq').where('id', '=', afterId),
            );
      }
      const direction = desc ? 'desc' : 'asc';
      if (byExpiry) query = query.orderBy('expires', direction);
      const rows = await query.orderBy('seq', direction).limit(limit).execute();
      return rows.map(toWaiver);
    },
    async get(id) {
      const row = await db.selectFrom('license_waivers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toWaiver(row) : null;
    },
    async insert(waiver) {
      await sql`lock table license_waivers in share row exclusive mode`.execute(db);
      const last = await db
        .selectFrom('license_waivers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const row = await db
        .insertInto('license_waivers')
        .values({
          id: `W-${Number(last.n) + 1}`,
          package: waiver.package,
          version_range: waiver.version,
          project: waiver.project,
          license: waiver.license,
          reason: waiver.reason,
          approver: waiver.approver,
          expires: waiver.expires,
          created_by: waiver.createdBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toWaiver(row);
    },
    async revoke(id, by) {
      const row = await db
        .updateTable('license_waivers')
        .set({ revoked_at: sql`date_trunc('milliseconds', now())`, revoked_by: by })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row ? toWaiver(row) : null;
    },
  };
}

function toPolicy(row: Row<'license_policies'>): PolicyVersion {
  return {
    version: Number(row.version),
    document: String(row.document),
    createdAt: iso(row.created_at),
    createdBy: String(row.created_by),
  };
}

function toWaiver(row: Row<'license_waivers'>): WaiverRecord {
  return {
    id: String(row.id),
    package: String(row.package),
    version: String(row.version_range),
    project: String(row.project),
    license: (row.license as string | null) ?? null,
    reason: String(row.reason),
    approver: String(row.approver),
    expires: String(row.expires),
    createdAt: iso(row.created_at),
    createdBy: String(row.created_by),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
    revokedBy: (row.revoked_by as string | null) ?? null,
  };
}

export function registryLicenseCache(db: Kysely<Database>): RegistryLicenseCache {
  return {
    async get(key) {
      const row = await db
        .selectFrom('registry_license_cache')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return null;
      return { licenses: row.licenses, source: row.source, url: row.url, fetchedAt: iso(row.fetched_at) };
    },
    async put(key, value) {
      await db
        .insertInto('registry_license_cache')
        .values({
          key,
          licenses: value.licenses,
          source: value.source,
          url: value.url,
          fetched_at: value.fetchedAt,
        })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            licenses: value.licenses,
            source: value.source,
            url: value.url,
            fetched_at: value.fetchedAt,
          }),
        )
        .execute();
    },
  };
}

export function licenseSummaryRepository(db: Kysely<Database>): LicenseSummaryRepository {
  return {
    async get(scanIds) {
      if (scanIds.length === 0) return [];
      const rows = await db
        .selectFrom('scan_license_summaries')
        .select(['scan_id', 'fingerprint', 'policy_version', 'context', 'summary', 'categories'])
        .where('scan_id', 'in', [...scanIds])
        .execute();
      return rows.map((row) => ({
        scanId: String(row.scan_id),
        fingerprint: row.fingerprint,
        policyVersion: Number(row.policy_version),
        context: row.context,
        summary: row.summary as LicenseSummaryRecord['summary'],
        categories: row.categories as LicenseSummaryRecord['categories'],
      }));
    },
    async put(rows) {
      if (rows.length === 0) return;
      // several requests may judge the same scan at once; the last one written wins, each is right
      await db
        .insertInto('scan_license_summaries')
        .values(
          rows.map((row) => ({
            scan_id: row.scanId,
            fingerprint: row.fingerprint,
            policy_version: row.policyVersion,
            context: row.context,
            summary: JSON.stringify(row.summary),
            categories: JSON.stringify(row.categories),
          })),
        )
        .onConflict((oc) =>
          oc.column('scan_id').doUpdateSet((eb) => ({
            fingerprint: eb.ref('excluded.fingerprint'),
            policy_version: eb.ref('excluded.policy_version'),
            context: eb.ref('excluded.context'),
            summary: eb.ref('excluded.summary'),
            categories: eb.ref('excluded.categories'),
            computed_at: sql`date_trunc('milliseconds', now())`,
          })),
        )
        .execute();
    },
  };
}
