import { z } from 'zod';
import { ParseError } from '../../../core/errors.js';
import { expectShape } from '../../../core/formats.js';
import type { ExtractResult } from '../../../core/inventory.js';
import { normalizePypiName, purlFor } from '../../../core/purl.js';
import { classifierLicenses } from './licenses.js';

/** A header's values, each with whether it was folded over several lines. */
type Headers = Map<string, { value: string; folded: boolean }[]>;

const required = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'no valid Name header'),
  version: z.string().trim().regex(/^\S+$/, 'no valid Version header'),
});

/**
 * Core metadata of one installed distribution (`METADATA` of a wheel install, `PKG-INFO` of an egg), in
 * its RFC 822 header format: Name, Version and the declared license. The headers end at the first blank
 * line; what follows is the description.
 */
export function extractPythonMetadata(content: string, path: string): ExtractResult {
  const headers = readHeaders(content, path);
  const first = (key: string) => headers.get(key)?.[0];
  const { name, version } = expectShape(
    required,
    { name: first('name')?.value ?? '', version: first('version')?.value ?? '' },
    path,
    'Python core metadata file',
  );
  const canonical = normalizePypiName(name);
  return {
    packages: [
      {
        ecosystem: 'PyPI',
        name: canonical,
        version,
        purl: purlFor('PyPI', canonical, version),
        scope: 'unknown', // installed metadata does not say who asked for it, nor as what
        direct: null,
        licenses: licensesOf(headers),
      },
    ],
    edges: [],
    warnings: [],
  };
}

/**
 * PEP 639 `License-Expression` when present; else a short one-line `License` (not a whole license text,
 * not setuptools' `UNKNOWN`); else the SPDX ids of the license classifiers.
 */
function licensesOf(headers: Headers): string[] {
  const expression = headers.get('license-expression')?.[0]?.value.trim();
  if (expression) return [expression];
  const license = headers.get('license')?.[0];
  const text = license?.value.trim() ?? '';
  const short = license && !license.folded && text.length <= 80 && !/^(unknown|none|)$/i.test(text);
  if (short && !/^(copyright|\(c\)|©)/i.test(text)) return [text];
  return classifierLicenses((headers.get('classifier') ?? []).map((c) => c.value));
}

function readHeaders(content: string, path: string): Headers {
  const headers: Headers = new Map();
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let last: { value: string; folded: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // a line of blanks is a folded empty line; only an empty one ends the headers
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (!last) throw notHeader(path, i + 1, 'continuation line before any header');
      last.value += `\n${line.trim()}`;
      last.folded = true;
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon) : '';
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key))
      throw notHeader(path, i + 1, `not a header: ${line.slice(0, 40)}`);
    last = { value: line.slice(colon + 1).trim(), folded: false };
    const values = headers.get(key.toLowerCase()) ?? [];
    values.push(last);
    headers.set(key.toLowerCase(), values);
  }
  return headers;
}

function notHeader(path: string, line: number, what: string): ParseError {
  return new ParseError('ERR_OSPO_PARSE', `${path}: not Python core metadata (${what})`, {
    line,
    hint: 'The file may be truncated or corrupted; reinstall the package.',
  });
}
