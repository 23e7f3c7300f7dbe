import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { isOspoError, ParseError } from '../../core/errors.js';
import type { Extractor, ExtractResult } from '../../core/inventory.js';
import type { ExtractionCache } from '../ports.js';
import { type CompactResult, ResultEncoder } from './compact.js';
import { InventoryMerger } from './merge.js';
import { type JobReply, ParsePool, workersAvailable } from './pool.js';
import { mergedReport, type ScanError, type ScanFile, type ScanReport } from './report.js';
import { walkTree } from './walk.js';

export interface ScanOptions {
  extractors: readonly Extractor[];
  exclude?: readonly string[];
  /** Files larger than this are reported, not read. Default 50 MB. */
  maxFileBytes?: number;
  /** Base for the paths in the report; default the current directory. */
  cwd?: string;
  onProgress?: (done: { files: number; packages: number; path: string }) => void;
  /** Results of earlier scans by content hash: a file whose content is unchanged is not parsed again. */
  cache?: ExtractionCache;
  /**
   * Parse workers, started with the third file of a folder. Default: one per core up to 4, when the
   * extractors are the registered ones (workers load the registry themselves); 0 parses in-process.
   * Files are parsed in-process until a worker is ready, so a small folder is scanned before any is.
   */
  workers?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Files a folder must have before parse workers are started. */
const FILES_BEFORE_WORKERS = 3;

type Outcome =
  | { kind: 'result'; extractor: Extractor; source: number; compact: CompactResult; sha256: string }
  | { kind: 'error'; error: ScanError }
  | { kind: 'none' };

interface Task {
  shown: string;
  outcome: Promise<Outcome>;
}

/**
 * Scan trees (or single files) with every extractor that wants each file. Trouble with one file is an
 * entry in `errors`; the other files are scanned all the same. Files may be parsed in parallel, but
 * results are merged in walk order, so the report is the same whatever the timing.
 */
export async function scanPaths(roots: readonly string[], options: ScanOptions): Promise<ScanReport> {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: ScanFile[] = [];
  const errors: ScanError[] = [];
  const merger = new InventoryMerger();
  /** Results parsed or cached on this thread are encoded here, as source 0; workers are 1 and up. */
  const here = { encoder: new ResultEncoder(), merger };
  const poolSize = options.workers ?? (workersAvailable() ? Math.min(4, availableParallelism()) : 0);
  let pool: ParsePool | null = null;
  let dispatched = 0;
  const window: Task[] = [];

  const settle = async (task: Task) => {
    const outcome = await task.outcome;
    if (outcome.kind === 'error') errors.push(outcome.error);
    if (outcome.kind !== 'result') return;
    const { compact, extractor, sha256, source } = outcome;
    merger.merge(source, compact, task.shown);
    files.push({
      path: task.shown,
      format: extractor.id,
      packages: compact.ids.length,
      warnings: compact.warnings,
      sha256,
      extractorVersion: extractor.version,
    });
    options.onProgress?.({ files: files.length, packages: merger.found, path: task.shown });
  };

  try {
    for (const root of roots) {
      const absoluteRoot = path.resolve(cwd, root);
      const stat = await fs.stat(absoluteRoot).catch(() => null);
      if (!stat) {
        errors.push({ path: root, code: 'ERR_OSPO_NOT_FOUND', message: 'no such file or folder' });
        continue;
      }
      const base = stat.isDirectory() ? absoluteRoot : path.dirname(absoluteRoot);
      const shown = (rel: string) => toShownPath(cwd, path.join(base, rel));
      const readFile = async (rel: string) => {
        const target = path.resolve(base, rel);
        if (target !== base && !target.startsWith(base + path.sep)) return null;
        return fs.readFile(target, 'utf8').catch(() => null);
      };
      const wanted = (rel: string, installed: boolean) => pick(options.extractors, rel, installed).length > 0;
      const items = stat.isDirectory()
        ? walkTree(absoluteRoot, { exclude: options.exclude ?? [], wants: wanted })
        : single(absoluteRoot, stat.size);

      for await (const item of items) {
        if (item.kind === 'problem') {
          errors.push({ path: shown(item.path), code: item.code, message: item.message });
          continue;
        }
        const rel = stat.isDirectory() ? item.path : path.basename(absoluteRoot);
        let chosen = pick(options.extractors, rel, item.installed);
        // a file named on the command line may be an SBOM whatever its name: let content sniffers try it
        if (chosen.length === 0 && !stat.isDirectory())
          chosen = options.extractors.filter((e) => e.sniffs === true);
        const where = shown(rel);
        if (item.size > maxBytes) {
          const message = `${item.size} bytes is over the limit of ${maxBytes}; raise it with --max-file-size`;
          errors.push({ path: where, code: 'ERR_OSPO_FILE_TOO_LARGE', message });
          continue;
        }
        const content = await readBytes(item.absolute);
        if (!Buffer.isBuffer(content)) {
          errors.push({ path: where, ...content });
          continue;
        }
        dispatched++;
        // workers start with a folder's third file (one or two lockfiles are parsed sooner than a
        // worker starts); until one has loaded its extractors, this thread parses the files itself
        if (!pool && poolSize > 0 && stat.isDirectory() && dispatched >= FILES_BEFORE_WORKERS) {
          pool = new ParsePool(poolSize, (source, compact) => merger.register(source, compact));
        }
        const job = { rel, base, absolute: item.absolute, content, where, chosen, readFile };
        const parser = pool?.ready ? pool : null;
        window.push({ shown: where, outcome: extractFile(job, options.cache, parser, here, dispatched) });
        // keep a bounded number of files in flight, merged oldest first: enough that a worker still
        // has files queued while the oldest one is being parsed (or this thread is busy merging)
        while (window.length > Math.max(8, poolSize * 16)) await settle(window.shift() as Task);
      }
    }
    while (window.length > 0) await settle(window.shift() as Task);
  } finally {
    await pool?.close();
  }
  return mergedReport(merger.finish(), files, errors);
}

interface FileJob {
  rel: string;
  base: string;
  absolute: string;
  /** The file's bytes, checked to be text. */
  content: Buffer;
  where: string;
  chosen: Extractor[];
  readFile: (p: string) => Promise<string | null>;
}

interface Here {
  encoder: ResultEncoder;
  merger: InventoryMerger;
}

/**
 * Run the chosen extractors on one file, in a worker when there is a pool, or take an earlier result
 * for the same content from the cache. Only self-contained results are cached: an extractor that read
 * other files (a parent pom, an included requirements file) is run again, since those may have changed.
 */
async function extractFile(
  job: FileJob,
  cache: ExtractionCache | undefined,
  pool: ParsePool | null,
  here: Here,
  id: number,
): Promise<Outcome> {
  // without a cache to consult, a worker gets the bytes themselves (moved, not copied), decodes and hashes
  // them; otherwise this thread does
  const toWorker = pool !== null && cache === undefined;
  let text = toWorker ? null : job.content.toString('utf8');
  let sha256 = text === null ? '' : hashOf(text);
  /** A whole result, encoded and registered on this thread (encoding and registering in one step). */
  const local = (extractor: Extractor, result: ExtractResult): Outcome => {
    const compact = here.encoder.encode(result);
    here.merger.register(0, compact);
    return { kind: 'result', extractor, source: 0, compact, sha256 };
  };
  for (const extractor of cache ? job.chosen : []) {
    const hit = (await cache?.get(sha256, extractor.id, extractor.version)) as
      | ExtractResult
      | null
      | undefined;
    if (hit) return local(extractor, hit);
  }
  const request = {
    job: id,
    extractors: job.chosen.map((e) => e.id),
    rel: job.rel,
    base: job.base,
    content: text ?? ownBuffer(job.content),
    full: cache !== undefined,
  };
  /** In-process, as when a worker died on this file (out of memory on a huge one), say. */
  const inProcess = async (): Promise<JobReply> => {
    if (text === null) {
      // the bytes went to the worker: read them again
      const again = await readBytes(job.absolute);
      if (!Buffer.isBuffer(again))
        return { job: id, kind: 'error', extractor: '', ...again, line: undefined };
      text = again.toString('utf8');
      sha256 = hashOf(text);
    }
    return extractHere(job, text, id);
  };
  const { reply, source } = pool
    ? await pool.run(request).catch(async () => ({ reply: await inProcess(), source: 0 }))
    : { reply: await inProcess(), source: 0 };
  switch (reply.kind) {
    case 'none':
      return { kind: 'none' };
    case 'error': {
      // the report has the path in its own field; parsers start their messages with the file's path
      const message = reply.message.replace(/^[^\s:]*[./][^\s:]*(?::\d+)*: /, '');
      return {
        kind: 'error',
        error: { path: job.where, code: reply.code, message, ...(reply.line ? { line: reply.line } : {}) },
      };
    }
    case 'crash':
      // an extractor crashed: a bug, reported like bad input so the scan goes on
      return {
        kind: 'error',
        error: {
          path: job.where,
          code: 'ERR_OSPO_EXTRACTOR_FAILED',
          message: `${reply.extractor} failed: ${reply.message}`,
        },
      };
    case 'compact': {
      const extractor = job.chosen.find((e) => e.id === reply.extractor) as Extractor;
      return { kind: 'result', extractor, source, compact: reply.compact, sha256: reply.sha256 ?? sha256 };
    }
    case 'result': {
      const extractor = job.chosen.find((e) => e.id === reply.extractor) as Extractor;
      if (cache && !reply.readOthers) await cache.put(sha256, extractor.id, extractor.version, reply.result);
      return local(extractor, reply.result);
    }
  }
}

/** The in-process twin of worker.ts. */
async function extractHere(job: FileJob, content: string, id: number): Promise<JobReply> {
  let readOthers = false;
  const readFile = (p: string) => {
    readOthers = true;
    return job.readFile(p);
  };
  for (const extractor of job.chosen) {
    try {
      const result = await extractor.extract({ path: job.rel, content, readFile });
      if (result) return { job: id, kind: 'result', extractor: extractor.id, result, readOthers };
    } catch (error) {
      if (isOspoError(error)) {
        const line = error instanceof ParseError ? error.line : undefined;
        return {
          job: id,
          kind: 'error',
          extractor: extractor.id,
          code: error.code,
          message: error.message,
          line,
        };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { job: id, kind: 'crash', extractor: extractor.id, message };
    }
  }
  return { job: id, kind: 'none' };
}

/** Extractors for a path; inside installed trees only those that read installed-package metadata. */
function pick(extractors: readonly Extractor[], rel: string, installed: boolean): Extractor[] {
  return extractors.filter((e) => (!installed || e.installedMetadata === true) && e.matches(rel));
}

async function* single(absolute: string, size: number) {
  yield { kind: 'file' as const, path: path.basename(absolute), absolute, size, installed: false };
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The bytes in an ArrayBuffer of their own, which can be transferred to a worker. */
function ownBuffer(bytes: Buffer): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) return bytes;
  return new Uint8Array(bytes);
}

/** A file's bytes, or why there are none usable as text. */
async function readBytes(file: string): Promise<Buffer | { code: string; message: string }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    return {
      code: 'ERR_OSPO_UNREADABLE_FILE',
      message: `cannot read: ${(error as NodeJS.ErrnoException).code}`,
    };
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    return { code: 'ERR_OSPO_BINARY_FILE', message: 'binary content where text was expected' };
  }
  return bytes;
}

function toShownPath(cwd: string, absolute: string): string {
  const rel = path.relative(cwd, absolute);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? absolute : rel).split(path.sep).join('/');
}
