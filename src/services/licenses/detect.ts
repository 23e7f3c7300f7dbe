import fs from 'node:fs';
import path from 'node:path';
import { InputError, isOspoError, NotFoundError, toOspoError } from '../../core/errors.js';
import { DEFAULT_MAX_LICENSE_BYTES, type LicenseFileKind } from '../../core/licenses.js';
import { licenseFileKind } from '../../modules/licenses/index.js';
import { licenseText } from '../../modules/licenses/license-text/index.js';
import { parseSpdxExpression, spdxHeader } from '../../modules/licenses/spdx-header/index.js';
import { prepareLicenseIndex } from './index-cache.js';
import { projectLicense } from './project.js';
import { type DirectoryReport, type FileEntry, type HeaderSummary, toEntry } from './report.js';
import { walkFiles } from './walk.js';

export interface DetectOptions {
  /** License, NOTICE and README files larger than this are reported, not read. */
  maxFileBytes?: number;
  /** SPDX-License-Identifier headers of the other files: a summary, each file, or not at all. */
  headers?: 'summary' | 'files' | 'off';
  /** How much of the start of each other file is searched for a header. */
  headerBytes?: number;
  /** Folder for the saved SPDX index (see index-cache.ts); none: built in memory each process. */
  cacheDir?: string;
}

export type DetectReport =
  | { kind: 'file'; report: FileEntry }
  | { kind: 'directory'; report: DirectoryReport };

/**
 * License evidence for one file or a whole tree. A file is read by both detectors, whatever its name;
 * in a tree, license, NOTICE and README files are read whole and every other file's first
 * `headerBytes` are searched for SPDX headers. A file that cannot be read in a tree is listed under
 * `errors`; a single file that cannot be read is an error.
 */
export async function detectLicenses(target: string, options: DetectOptions = {}): Promise<DetectReport> {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new NotFoundError('ERR_OSPO_NOT_FOUND', `${target}: no such file or folder`);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_LICENSE_BYTES;
  if (stat.isFile()) {
    prepareLicenseIndex(options.cacheDir);
    const name = path.basename(target);
    const kind = licenseFileKind(name) ?? (PROSE.test(name) ? 'license' : 'source');
    return {
      kind: 'file',
      report: await detectFile(target, target.split(path.sep).join('/'), kind, maxBytes),
    };
  }
  return { kind: 'directory', report: await detectTree(target, options, maxBytes) };
}

const PROSE = /^[^.]*$|\.(?:txt|md|markdown|rst|text|adoc|org)$/i;
const BINARY =
  /\.(?:png|jpe?g|gif|ico|bmp|webp|pdf|zip|gz|tgz|bz2|xz|7z|jar|war|class|so|dll|dylib|o|a|exe|wasm|woff2?|ttf|otf|eot|mp[34]|mov|avi|webm|psd|bin|dat|db|sqlite|pyc|lock|min\.js|map)$/i;

async function detectFile(
  file: string,
  shown: string,
  kind: LicenseFileKind,
  maxBytes: number,
): Promise<FileEntry> {
  const size = fs.statSync(file).size;
  if (size > maxBytes) throw tooLarge(shown, size, maxBytes);
  const input = { path: shown, content: fs.readFileSync(file), kind, maxBytes };
  const evidence = [...(await licenseText.detect(input)), ...(await spdxHeader.detect(input))];
  return toEntry(shown, kind, evidence);
}

function tooLarge(file: string, size: number, maxBytes: number): InputError {
  return new InputError(
    'ERR_OSPO_FILE_TOO_LARGE',
    `${file}: ${size} bytes, over the limit of ${maxBytes} bytes`,
    {
      hint: 'Raise the limit with --max-file-size.',
    },
  );
}

async function detectTree(root: string, options: DetectOptions, maxBytes: number): Promise<DirectoryReport> {
  const errors: DirectoryReport['errors'] = [];
  const files = walkFiles(root, errors);
  const entries: FileEntry[] = [];
  const mode = options.headers ?? 'summary';
  const headers: HeaderSummary = { files_scanned: 0, files_with_header: 0, licenses: [], invalid: [] };
  if (mode === 'files') headers.files = [];
  const counts = new Map<string, number>();
  const head = Buffer.alloc(options.headerBytes ?? 64 * 1024);
  for (const file of files) {
    const kind = licenseFileKind(file.path);
    try {
      if (kind) {
        prepareLicenseIndex(options.cacheDir);
        const size = fs.statSync(file.absolute).size;
        if (size > maxBytes) {
          throw tooLarge(file.path, size, maxBytes);
        }
        const input = { path: file.path, content: fs.readFileSync(file.absolute), kind, maxBytes };
        const evidence = [...(await licenseText.detect(input)), ...(await spdxHeader.detect(input))];
        if (kind === 'readme' && evidence.length === 0) continue;
        entries.push(reuseName(toEntry(file.path, kind, evidence)));
        continue;
      }
      if (mode === 'off' || BINARY.test(file.path)) continue;
      headers.files_scanned++;
      const content = readHead(file.absolute, head);
      const evidence = await spdxHeader.detect({ path: file.path, content, kind: 'source' });
      if (evidence.length === 0) continue;
      headers.files_with_header++;
      for (const e of evidence) {
        if (e.expression) counts.set(e.expression, (counts.get(e.expression) ?? 0) + 1);
        for (const w of e.warnings ?? [])
          headers.invalid.push({ path: file.path, line: w.line ?? e.startLine ?? 1, message: w.message });
        headers.files?.push({ path: file.path, license: e.expression, line: e.startLine ?? 1 });
      }
    } catch (thrown) {
      if (!kind && isOspoError(thrown) && thrown.code === 'ERR_OSPO_BINARY_FILE') continue;
      const error = toOspoError(thrown);
      errors.push({
        path: file.path,
        code: error.code,
        message: error.message.replace(`${file.path}: `, ''),
      });
    }
  }
  headers.licenses = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([license, n]) => ({ license, files: n }));
  const summary = mode === 'off' ? undefined : headers;
  return {
    path: root,
    project: projectLicense(entries, summary),
    files: entries,
    ...(summary ? { spdx_headers: summary } : {}),
    errors,
  };
}

/**
 * A REUSE `LICENSES/<id>.txt` file is that license by its name (REUSE's rule) when its text does not
 * say otherwise: a text we cannot name, or none, takes the id from the file name.
 */
function reuseName(entry: FileEntry): FileEntry {
  const match = /^(?:.*\/)?LICENSES\/([^/]+?)(?:\.[a-z]+)?$/.exec(entry.path);
  if (!match || (entry.license !== null && !entry.license.startsWith('LicenseRef-ospo-'))) return entry;
  const parsed = parseSpdxExpression(match[1] ?? '');
  if (!parsed.ok || parsed.licenses.length !== 1) return entry;
  const lines = { start_line: 1, end_line: 1 };
  return {
    ...entry,
    license: parsed.expression,
    confidence: 0.8,
    matches: [...entry.matches, { id: parsed.expression, kind: 'filename', coverage: 1, ...lines }],
  };
}

/** The first bytes of a file, cut at the last line end so a multi-byte character is never split. */
function readHead(file: string, buffer: Buffer): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (n < buffer.length) return buffer.subarray(0, n);
    const lastNewline = buffer.lastIndexOf(10, n - 1);
    return buffer.subarray(0, lastNewline > 0 ? lastNewline + 1 : n);
  } finally {
    fs.closeSync(fd);
  }
}
