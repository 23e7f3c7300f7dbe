import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Where one ecosystem's dump and what we know of it live in the cache folder. */
export interface CachePaths {
  dir: string;
  zip: string;
  /** JSON, but not named `.json`: `ospo advisories import <cache>` would try to read it as a record. */
  meta: string;
}

const metaShape = z.object({
  url: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  downloadedAt: z.string(),
  /** False until the sync service says the records were taken in (an import can fail after a download). */
  imported: z.boolean(),
});
export type CacheMeta = z.infer<typeof metaShape>;

export function cachePaths(cacheDir: string, ecosystem: string): CachePaths {
  // encoded: "Debian:12" or "Red Hat:..." make no portable folder names as they are
  const dir = path.join(cacheDir, encodeURIComponent(ecosystem));
  const zip = path.join(dir, 'all.zip');
  return { dir, zip, meta: metaPathOf(zip) };
}

export function metaPathOf(zip: string): string {
  return `${zip}.meta`;
}

/**
 * What was saved with the current zip, when it can be trusted for a conditional request: null when
 * either file is missing, the meta is not ours, it was fetched from another URL, or the zip's size
 * no longer matches (someone replaced it).
 */
export function readMeta(paths: CachePaths, url: string): CacheMeta | null {
  let size: number;
  let text: string;
  try {
    size = fs.statSync(paths.zip).size;
    text = fs.readFileSync(paths.meta, 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = metaShape.safeParse(json);
  if (!parsed.success || parsed.data.url !== url || parsed.data.bytes !== size) return null;
  return parsed.data;
}

/** Write through a temp file and a rename, like the zip: a crash leaves the old meta or the new one. */
export function writeMeta(file: string, meta: CacheMeta): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.part`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(meta, null, 2)}\n`);
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Mark the zip's records as taken in; a zip without (valid) meta has nothing to mark. */
export function markImported(zip: string): void {
  const file = metaPathOf(zip);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  const parsed = metaShape.safeParse(json);
  if (parsed.success && !parsed.data.imported) writeMeta(file, { ...parsed.data, imported: true });
}

/** A temp name in the zip's own folder (a rename across file systems would not be atomic). */
export function tempPathFor(paths: CachePaths): string {
  return path.join(paths.dir, `.all.zip.${randomBytes(6).toString('hex')}.part`);
}
