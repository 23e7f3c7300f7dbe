import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isOspoError, ParseError } from '../../core/errors.js';
import type { Extractor, ExtractResult, ExtractWarning } from '../../core/inventory.js';
import type { ExtractionCache } from '../ports.js';
import { InventoryMerger } from './merge.js';
import type { ScanError, ScanFile, ScanReport } from './report.js';
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
}

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Scan trees (or single files) with every extractor that wants each file. Trouble with one file is an
 * entry in `errors`; the other files are scanned all the same.
 */
export async function scanPaths(roots: readonly string[], options: ScanOptions): Promise<ScanReport> {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: ScanFile[] = [];
  const errors: ScanError[] = [];
  const merger = new InventoryMerger();

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
      if (item.size > maxBytes) {
        errors.push({
          path: shown(rel),
          code: 'ERR_OSPO_FILE_TOO_LARGE',
          message: `${item.size} bytes is over the limit of ${maxBytes}; raise it with --max-file-size`,
        });
        continue;
      }
      const content = await readText(item.absolute);
      if (typeof content !== 'string') {
        errors.push({ path: shown(rel), ...content });
        continue;
      }
      const sha256 = createHash('sha256').update(content).digest('hex');
      for (const extractor of chosen) {
        try {
          const result = await extractCached(
            extractor,
            { path: rel, content, readFile },
            sha256,
            options.cache,
          );
          if (!result) continue;
          const where = shown(rel);
          for (const p of result.packages) merger.addPackage(p, where);
          for (const e of result.edges) merger.addEdge(e);
          files.push({
            path: shown(rel),
            format: extractor.id,
            packages: result.packages.length,
            warnings: result.warnings,
            sha256,
            extractorVersion: extractor.version,
          });
          options.onProgress?.({ files: files.length, packages: merger.found, path: where });
          break; // the first extractor that recognizes a file owns it
        } catch (error) {
          errors.push(toScanError(shown(rel), extractor.id, error));
          break;
        }
      }
    }
  }
  return { packages: merger.packages(), dependencies: merger.edges(), files, errors };
}

/**
 * Run an extractor, or take its earlier result for the same content. Only self-contained results are
 * cached: an extractor that read other files (a parent pom, an included requirements file) is run again,
 * since those may have changed.
 */
async function extractCached(
  extractor: Extractor,
  input: { path: string; content: string; readFile: (p: string) => Promise<string | null> },
  sha256: string,
  cache: ExtractionCache | undefined,
): Promise<ExtractResult | null> {
  if (!cache) return extractor.extract(input);
  const hit = (await cache.get(sha256, extractor.id, extractor.version)) as ExtractResult | null;
  if (hit) return hit;
  let readOthers = false;
  const result = await extractor.extract({
    ...input,
    readFile: (p) => {
      readOthers = true;
      return input.readFile(p);
    },
  });
  if (result && !readOthers) await cache.put(sha256, extractor.id, extractor.version, result);
  return result;
}

/** Extractors for a path; inside installed trees only those that read installed-package metadata. */
function pick(extractors: readonly Extractor[], rel: string, installed: boolean): Extractor[] {
  return extractors.filter((e) => (!installed || e.installedMetadata === true) && e.matches(rel));
}

async function* single(absolute: string, size: number) {
  yield { kind: 'file' as const, path: path.basename(absolute), absolute, size, installed: false };
}

async function readText(file: string): Promise<string | { code: string; message: string }> {
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
  return bytes.toString('utf8');
}

function toScanError(shownPath: string, extractor: string, error: unknown): ScanError {
  if (isOspoError(error)) {
    const line = error instanceof ParseError ? error.line : undefined;
    // the report has the path in its own field; parsers start their messages with the file's path
    const message = error.message.replace(/^[^\s:]*[./][^\s:]*(?::\d+)*: /, '');
    return { path: shownPath, code: error.code, message, ...(line ? { line } : {}) };
  }
  // an extractor crashed: a bug, reported like bad input so the scan goes on
  const message = error instanceof Error ? error.message : String(error);
  return { path: shownPath, code: 'ERR_OSPO_EXTRACTOR_FAILED', message: `${extractor} failed: ${message}` };
}

function toShownPath(cwd: string, absolute: string): string {
  const rel = path.relative(cwd, absolute);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? absolute : rel).split(path.sep).join('/');
}

export type { ExtractWarning };
