import fs from 'node:fs';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
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
  const { zip, reader } = await open(file);
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
        const { text, deflated } = readEntry(reader, entry, maxEntry);
        yield { kind: 'record', path: `${file}!${entry.fileName}`, text, ...(deflated ? { deflated } : {}) };
      } catch (error) {
        // sizes are checked while inflating too, against the directory's
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

/** yauzl reads the directory and the entries are read here, both through one DumpReader. */
function open(file: string): Promise<{ zip: yauzl.ZipFile; reader: DumpReader }> {
  const unreadable = (error: Error | null) =>
    new InputError('ERR_OSPO_ZIP', `${file}: not a readable zip (${error?.message ?? 'unknown error'})`, {
      hint: 'Check that the download finished; osv.dev dumps are plain zip files.',
    });
  let fd: number;
  let size: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    return Promise.reject(unreadable(error as Error));
  }
  try {
    size = fs.fstatSync(fd).size;
  } catch (error) {
    fs.closeSync(fd);
    return Promise.reject(unreadable(error as Error));
  }
  const reader = new DumpReader(fd, size);
  return new Promise((resolve, reject) => {
    // closing the zip closes the file
    yauzl.fromRandomAccessReader(
      reader,
      size,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => {
        if (error || !zip) {
          fs.close(fd, () => {});
          reject(unreadable(error));
        } else resolve({ zip, reader });
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

/**
 * One entry's text, read and inflated synchronously: yauzl's stream per entry cost ~0.2 ms, which on
 * a dump of 500,000 records was more than everything else the import does. The checks are yauzl's:
 * the local header's signature, the data inside the file, the inflated size equal to the directory's
 * (and never past `max`: inflating stops there). A deflated entry comes with its stream, which the
 * store keeps as the record (no compressing again).
 */
function readEntry(reader: DumpReader, entry: yauzl.Entry, max: number): { text: string; deflated?: Buffer } {
  const method = entry.compressionMethod;
  if (method !== 0 && method !== 8) throw new Error(`unsupported compression method: ${method}`);
  const header = reader.slice(entry.relativeOffsetOfLocalHeader, 30);
  const signature = header.readUInt32LE(0);
  if (signature !== 0x04034b50)
    throw new Error(`invalid local file header signature: 0x${signature.toString(16)}`);
  const start = entry.relativeOffsetOfLocalHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > reader.size) {
    throw new Error(`file data overflows file bounds: ${start} + ${entry.compressedSize} > ${reader.size}`);
  }
  const data = reader.slice(start, entry.compressedSize);
  if (method === 0) {
    if (data.length > max) throw new Error(`inflates past ${max} bytes`);
    return { text: data.toString('utf8') };
  }
  const expected = entry.uncompressedSize;
  let text: Buffer;
  try {
    text = zlib.inflateRawSync(data, { maxOutputLength: Math.min(max, expected) + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw error;
    throw new Error(
      expected >= max ? `inflates past ${max} bytes` : `too many bytes in the stream. expected ${expected}`,
    );
  }
  if (text.length > max) throw new Error(`inflates past ${max} bytes`);
  if (text.length !== expected) {
    throw new Error(
      `${text.length > expected ? 'too many' : 'not enough'} bytes in the stream. expected ${expected}. got ${text.length}`,
    );
  }
  // the stream as it is, for the store to keep (a copy: `data` is a view of the reader's window)
  return { text: text.toString('utf8'), deflated: Buffer.from(data) };
}

/**
 * A zip file read through a window of a few MiB, synchronously: a dump's entries and its directory lie
 * one after another, so one read serves hundreds of them, where yauzl's own reader made one or two
 * asynchronous reads per entry. yauzl reads the directory through `read`, readEntry through `slice`.
 */
class DumpReader extends yauzl.RandomAccessReader {
  private buffer = Buffer.alloc(0);
  /** File offset of buffer[0], and how many bytes from there are read. */
  private start = 0;
  private filled = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {
    super();
  }

  /** `length` bytes at `position`; valid until the next call. */
  slice(position: number, length: number): Buffer {
    const offset = position - this.start;
    if (offset >= 0 && offset + length <= this.filled) return this.buffer.subarray(offset, offset + length);
    const want = Math.max(length, Math.min(4 * 1024 * 1024, this.size - position));
    if (this.buffer.length < want) this.buffer = Buffer.allocUnsafe(want);
    this.start = position;
    this.filled = 0;
    while (this.filled < want) {
      const n = fs.readSync(this.fd, this.buffer, this.filled, want - this.filled, position + this.filled);
      if (n === 0) break;
      this.filled += n;
    }
    if (this.filled < length) throw new Error('unexpected EOF');
    return this.buffer.subarray(0, length);
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    let error: Error | null = null;
    try {
      this.slice(position, length).copy(buffer, offset);
    } catch (e) {
      error = e as Error;
    }
    // never synchronously: yauzl reads the next entry from inside its callback
    process.nextTick(callback, error);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return fs.createReadStream('', { fd: this.fd, start, end: end - 1, autoClose: false });
  }

  override close(callback: (err: Error | null) => void): void {
    fs.close(this.fd, callback);
  }
}
