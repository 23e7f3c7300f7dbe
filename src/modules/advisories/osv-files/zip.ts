import yauzl from 'yauzl';
import type { AdvisoryDocument } from '../../../core/advisories.js';
import { InputError } from '../../../core/errors.js';

/** One JSON document of an advisory dump, or why an entry was not read. */
export type DumpEntry = AdvisoryDocument;

export interface ZipLimits {
  /** Largest uncompressed entry, bytes (default 64 MiB; an OSV record is a few kB). */
  maxEntryBytes?: number;
  /** Largest total uncompressed size, bytes (default 8 GiB). */
  maxTotalBytes?: number;
  /** Largest compression ratio for entries over 1 MiB (default 200). */
  maxRatio?: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * The JSON entries of a zip (osv.dev's per-ecosystem `all.zip`), one at a time. A zip that tries to
 * escape (absolute or `..` paths), holds links, is encrypted, or would inflate past the limits (a
 * decompression bomb) is refused as a whole with a coded error before any record is yielded: we read
 * its central directory first. Entries that are not `.json` files are skipped quietly.
 */
export async function* readOsvZip(file: string, limits: ZipLimits = {}): AsyncGenerator<DumpEntry> {
  const maxEntry = limits.maxEntryBytes ?? 64 * 1024 * 1024;
  const maxTotal = limits.maxTotalBytes ?? 8 * 1024 * 1024 * 1024;
  const maxRatio = limits.maxRatio ?? 200;
  const zip = await open(file);
  try {
    const entries = await listEntries(zip, file);
    let total = 0;
    for (const entry of entries) {
      const name = entry.fileName;
      if (
        name.startsWith('/') ||
        name.startsWith('\\') ||
        /^[a-zA-Z]:/.test(name) ||
        name.split(/[\\/]/).includes('..')
      ) {
        refuse(file, 'ERR_OSPO_ZIP_TRAVERSAL', `entry "${name}" points outside the archive`);
      }
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) refuse(file, 'ERR_OSPO_ZIP_LINK', `entry "${name}" is a symbolic link`);
      if ((entry.generalPurposeBitFlag & 1) !== 0)
        refuse(file, 'ERR_OSPO_ZIP_ENCRYPTED', `entry "${name}" is encrypted`);
      if (entry.uncompressedSize > maxEntry) {
        refuse(
          file,
          'ERR_OSPO_ZIP_BOMB',
          `entry "${name}" inflates to ${entry.uncompressedSize} bytes, over ${maxEntry}`,
        );
      }
      if (
        entry.uncompressedSize > 1024 * 1024 &&
        entry.uncompressedSize > maxRatio * Math.max(entry.compressedSize, 1)
      ) {
        refuse(
          file,
          'ERR_OSPO_ZIP_BOMB',
          `entry "${name}" is compressed ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))} to 1`,
        );
      }
      total += entry.uncompressedSize;
      if (total > maxTotal)
        refuse(file, 'ERR_OSPO_ZIP_BOMB', `the archive inflates to over ${maxTotal} bytes`);
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith('/') || !entry.fileName.toLowerCase().endsWith('.json')) continue;
      try {
        const text = await readEntry(zip, entry, maxEntry);
        yield { kind: 'record', path: `${file}!${entry.fileName}`, text };
      } catch (error) {
        // sizes are checked while inflating too (yauzl validates them against the directory)
        const message = error instanceof Error ? error.message : String(error);
        yield { kind: 'skipped', path: `${file}!${entry.fileName}`, code: 'ERR_OSPO_ZIP_ENTRY', message };
      }
    }
  } finally {
    zip.close();
  }
}

function refuse(file: string, code: string, why: string): never {
  throw new InputError(code, `${file}: refused: ${why}`, {
    hint: 'Use the dump as osv.dev publishes it; nothing from this archive was imported.',
  });
}

function open(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => {
        if (error || !zip) {
          reject(
            new InputError(
              'ERR_OSPO_ZIP',
              `${file}: not a readable zip (${error?.message ?? 'unknown error'})`,
              {
                hint: 'Check that the download finished; osv.dev dumps are plain zip files.',
              },
            ),
          );
        } else resolve(zip);
      },
    );
  });
}

function listEntries(zip: yauzl.ZipFile, file: string): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error: Error) => {
      // yauzl itself refuses absolute and `..` names while listing
      if (/invalid relative path|absolute path/i.test(error.message)) {
        reject(
          new InputError('ERR_OSPO_ZIP_TRAVERSAL', `${file}: refused: ${error.message}`, {
            hint: 'Use the dump as osv.dev publishes it; nothing from this archive was imported.',
          }),
        );
      } else reject(new InputError('ERR_OSPO_ZIP', `${file}: not a readable zip (${error.message})`));
    });
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) {
        reject(error ?? new Error('no stream'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          stream.destroy(new Error(`inflates past ${max} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.once('error', reject);
      stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  });
}
