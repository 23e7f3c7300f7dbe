import fs from 'node:fs';
import path from 'node:path';
import { type DumpEntry, readOsvZip, type ZipLimits } from './zip.js';

export interface ReadOptions extends ZipLimits {
  /** Largest single JSON file, bytes (default 64 MiB). */
  maxFileBytes?: number;
}

// Synchronous reads: a dump folder holds hundreds of thousands of small files, and a promise round
// trip per file cost more than reading it.
function lstat(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/**
 * OSV records from what `ospo advisories import` is given: single JSON files, folders of them (walked,
 * links not followed, `.git` skipped), and osv.dev zip dumps. A file that cannot be read is an entry
 * saying so; the rest go on.
 */
export async function* readOsvSources(
  inputs: readonly string[],
  options: ReadOptions = {},
): AsyncGenerator<DumpEntry> {
  const maxFile = options.maxFileBytes ?? 64 * 1024 * 1024;
  for (const input of inputs) {
    const stat = lstat(input);
    if (!stat) {
      yield { kind: 'skipped', path: input, code: 'ERR_OSPO_NOT_FOUND', message: 'no such file or folder' };
      continue;
    }
    if (stat.isDirectory()) yield* walk(input, maxFile, options);
    else yield* one(input, stat.size, maxFile, options);
  }
}

async function* walk(dir: string, maxFile: number, options: ReadOptions): AsyncGenerator<DumpEntry> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    yield {
      kind: 'skipped',
      path: dir,
      code: 'ERR_OSPO_UNREADABLE_DIR',
      message: `cannot read folder: ${(error as NodeJS.ErrnoException).code}`,
    };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git') yield* walk(full, maxFile, options);
    } else if (entry.isFile() && /\.(json|zip)$/i.test(entry.name)) {
      const stat = statOf(full);
      if (stat) yield* one(full, stat.size, maxFile, options);
    }
  }
}

async function* one(
  file: string,
  size: number,
  maxFile: number,
  options: ReadOptions,
): AsyncGenerator<DumpEntry> {
  if (/\.zip$/i.test(file)) {
    yield* readOsvZip(file, options);
    return;
  }
  if (size > maxFile) {
    yield {
      kind: 'skipped',
      path: file,
      code: 'ERR_OSPO_FILE_TOO_LARGE',
      message: `${size} bytes is over the limit of ${maxFile}`,
    };
    return;
  }
  try {
    yield { kind: 'record', path: file, text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    yield {
      kind: 'skipped',
      path: file,
      code: 'ERR_OSPO_UNREADABLE_FILE',
      message: `cannot read: ${(error as NodeJS.ErrnoException).code}`,
    };
  }
}
