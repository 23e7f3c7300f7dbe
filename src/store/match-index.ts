import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  DIRTY,
  MANIFEST,
  MATCH_INDEX_FORMAT,
  MatchIndex,
  type MatchIndexManifest,
  matchKey,
  SegmentBuilder,
} from '../core/match-index.js';
import type { AdvisoryRepository, MatchIndexPort, MatchIndexUpdate } from '../services/ports.js';
import { type Kysely, sql } from './kysely.js';
import { LATEST_MIGRATION } from './migrations/latest.js';
import { matchTuple } from './repositories/advisories.js';
import type { Database } from './schema.js';

/** Segments kept before an import rebuilds the index from the store instead of adding one. */
export const MAX_SEGMENTS = 8;

/** Rows read per fetch when the index is rebuilt from the store. */
const REBUILD_FETCH = 20_000;

/**
 * The match index of a PGlite store, kept by the process that holds the store (its lock): every
 * write to the advisory tables marks the index dirty on disk before it is made, so that no reader
 * (in this process or another one, which reads without the lock) takes a stale index for current;
 * an import that saw every write made while it ran adds its records as a segment and marks the index
 * current again; anything else leaves it dirty until the next import rebuilds it from the store.
 */
export class MatchIndexHost implements MatchIndexPort {
  private current: MatchIndex | null | undefined = undefined;
  private dirty: boolean;
  /** Upserts through this store so far. */
  private writes = 0;
  private updates = 0;

  constructor(
    readonly dir: string,
    private readonly db: Kysely<Database>,
    private readonly advisories: AdvisoryRepository,
  ) {
    this.dirty = fs.existsSync(path.join(dir, DIRTY));
  }

  /** Called before each write to the advisory tables, before anything of it is sent. */
  noteWrite(): void {
    this.writes++;
    this.markDirty();
  }

  /** The index when it is current (no write since it was made), else null: read the store. */
  reader(): MatchIndex | null {
    if (this.dirty || this.updates > 0) return null;
    if (this.current === undefined) this.current = MatchIndex.open(this.dir, LATEST_MIGRATION);
    return this.current;
  }

  async begin(): Promise<MatchIndexUpdate> {
    // the segments to keep, when the index is current
    const kept = this.reader()?.segmentNames ?? null;
    const empty = (await this.advisories.count()) === 0;
    this.markDirty();
    this.updates++;
    const from = this.writes;
    // a segment after the current ones, the first of a store that had none, or a rebuild
    const base = kept ? (kept.length < MAX_SEGMENTS ? kept : null) : empty ? [] : null;
    const name = base === null ? null : segmentName();
    let settled = false;
    const settle = () => {
      if (settled) throw new Error('a match index update settles once');
      settled = true;
      this.updates--;
    };
    return {
      segmentFile: name && path.join(this.dir, name),
      commit: async ({ upserts, segment }) => {
        settle();
        // a write this update did not make (another caller's) is not in its segment
        if (
          base === null ||
          name === null ||
          segment === null ||
          this.writes - from !== upserts ||
          this.updates > 0
        ) {
          if (name) fs.rmSync(path.join(this.dir, name), { force: true });
          if (this.updates === 0) await this.rebuild();
          return;
        }
        if (segment === 0) fs.rmSync(path.join(this.dir, name), { force: true });
        await this.publish(segment === 0 ? [...base] : [...base, name]);
      },
      abandon: () => {
        settle();
        if (name) fs.rmSync(path.join(this.dir, name), { force: true });
      },
    };
  }

  /** Make the index anew from the store's rows (one segment) and mark it current. */
  async rebuild(): Promise<void> {
    const builder = new SegmentBuilder();
    await this.db.transaction().execute(async (trx) => {
      await sql`declare ospo_match_index no scroll cursor for
        select f.ecosystem, f.name, ${matchTuple}::text as tuple
        from advisory_affected f
        where f.withdrawn is null`.execute(trx);
      for (;;) {
        const { rows } = await sql<{ ecosystem: string; name: string; tuple: string }>`
          fetch ${sql.raw(String(REBUILD_FETCH))} from ospo_match_index`.execute(trx);
        for (const r of rows) builder.row(0, matchKey(r.ecosystem, r.name), r.tuple);
        if (rows.length < REBUILD_FETCH) break;
      }
      await sql`close ospo_match_index`.execute(trx);
    });
    const name = segmentName();
    fs.mkdirSync(this.dir, { recursive: true });
    builder.write(path.join(this.dir, name));
    await this.publish([name]);
  }

  private async publish(segments: string[]): Promise<void> {
    const manifest: MatchIndexManifest = {
      format: MATCH_INDEX_FORMAT,
      schema: LATEST_MIGRATION,
      records: await this.advisories.count(),
      segments,
    };
    // an import that began meanwhile (a rebuild takes seconds) may have stored records this does not
    // hold: the index stays dirty, and that import's commit sets it right
    if (this.updates > 0) return;
    const file = path.join(this.dir, MANIFEST);
    const temporary = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(manifest));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
    fs.rmSync(path.join(this.dir, DIRTY), { force: true });
    this.dirty = false;
    this.drop();
    // segments no manifest names any more (replaced, or left by an import that stopped)
    for (const entry of fs.readdirSync(this.dir))
      if (entry.endsWith('.seg') && !segments.includes(entry))
        fs.rmSync(path.join(this.dir, entry), { force: true });
  }

  private markDirty(): void {
    if (this.dirty) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const fd = fs.openSync(path.join(this.dir, DIRTY), 'w');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.dirty = true;
    this.drop();
  }

  private drop(): void {
    this.current?.close();
    this.current = undefined;
  }

  close(): void {
    this.drop();
  }
}

function segmentName(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.seg`;
}

/**
 * The advisory repository of a PGlite store with a match index: writes mark the index dirty first;
 * matching's reads come from the index while it is current (`reads`: not inside a transaction,
 * whose own uncommitted writes the index cannot hold).
 */
export function withMatchIndex(
  repository: AdvisoryRepository,
  host: MatchIndexHost,
  reads: boolean,
): AdvisoryRepository {
  return {
    ...repository,
    upsert(batch) {
      host.noteWrite();
      return repository.upsert(batch);
    },
    affectedToMatch(packages, options) {
      const index = reads ? host.reader() : null;
      return index ? index.affectedToMatch(packages, options) : repository.affectedToMatch(packages, options);
    },
    affectedToMatchTexts(packages, options) {
      const index = reads ? host.reader() : null;
      return index
        ? index.affectedToMatchTexts(packages, options)
        : repository.affectedToMatchTexts(packages, options);
    },
  };
}
