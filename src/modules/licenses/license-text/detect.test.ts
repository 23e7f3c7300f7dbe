import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutatedText } from '../../../../test/support/extractors.js';
import { OspoError } from '../../../core/errors.js';
import type { LicenseEvidence, LicenseFileKind } from '../../../core/licenses.js';
import { licenseFileKind, licenseText } from './index.js';

const dir = path.join(import.meta.dirname, '__fixtures__');
const bytes = (name: string) => fs.readFileSync(path.join(dir, name));

async function detect(name: string, kind: LicenseFileKind = 'license'): Promise<LicenseEvidence | undefined> {
  const [evidence] = await licenseText.detect({ path: name, content: bytes(name), kind });
  return evidence;
}

describe('license-text: full SPDX texts', () => {
  it.each([
    ['mit.txt', 'MIT'],
    ['mit-rewrapped-crlf.md', 'MIT'],
    ['mit-in-comment.c', 'MIT'],
    ['utf16le-bom-mit.txt', 'MIT'],
    ['mit-0.txt', 'MIT-0'],
    ['isc.txt', 'ISC'],
    ['0bsd.txt', '0BSD'],
    ['bsd-2-clause.txt', 'BSD-2-Clause'],
    ['bsd-3-clause-named-holder.txt', 'BSD-3-Clause'],
    ['apache-2.0.txt', 'Apache-2.0'],
    ['apache-2.0-no-appendix.txt', 'Apache-2.0'],
    ['gpl-3.0.txt', 'GPL-3.0-only'],
    ['lgpl-2.1.txt', 'LGPL-2.1-only'],
    ['unlicense.txt', 'Unlicense'],
  ])('%s is %s with high confidence', async (name, expected) => {
    const evidence = await detect(name);
    expect(evidence?.expression).toBe(expected);
    expect(evidence?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(evidence?.matches[0]).toMatchObject({ id: expected, kind: 'text' });
    expect(evidence?.source).toBe('license-file');
  });

  it.each([
    ['gpl-2.0-text-and-or-later-notice.txt', 'GPL-2.0-or-later'],
    ['gpl-2.0-with-classpath-exception.txt', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['mit-and-bsd-3-clause.txt', 'MIT AND BSD-3-Clause'],
    ['dual-mit-apache.txt', 'MIT OR Apache-2.0'],
  ])('%s combines to %s', async (name, expected) => {
    expect((await detect(name))?.expression).toBe(expected);
  });

  it('gives each license of a multi-license file its own lines', async () => {
    const evidence = await detect('mit-and-bsd-3-clause.txt');
    const [mit, bsd] = evidence?.matches ?? [];
    expect(mit).toMatchObject({ id: 'MIT', startLine: 1, coverage: 1 });
    expect(bsd).toMatchObject({ id: 'BSD-3-Clause', coverage: 1 });
    expect(bsd?.startLine).toBeGreaterThan(mit?.endLine ?? 0);
  });
});

describe('license-text: near twins and modified texts', () => {
  it.each([
    ['apache-2.0-patent-clause-replaced.txt', 'LicenseRef-ospo-modified-Apache-2.0', 'Apache-2.0'],
    ['mit-fee-instead-of-free.txt', 'LicenseRef-ospo-modified-MIT', 'MIT'],
  ])('%s is %s, never the standard license', async (name, expected, resembles) => {
    const evidence = await detect(name);
    expect(evidence?.expression).toBe(expected);
    expect(evidence?.confidence).toBeLessThanOrEqual(0.5);
    expect(evidence?.matches[0]?.id).toBe(resembles);
    expect(evidence?.matches[0]?.coverage).toBeGreaterThan(0.5);
  });

  it('reports a standard text with a restriction added as that text AND an unknown license', async () => {
    const evidence = await detect('mit-with-restriction.txt');
    expect(evidence?.expression).toBe('MIT AND LicenseRef-ospo-unknown');
    expect(evidence?.confidence).toBeLessThanOrEqual(0.5);
  });

  it('reports license prose that matches no SPDX text as unknown, with low confidence', async () => {
    const evidence = await detect('proprietary.txt');
    expect(evidence?.expression).toBe('LicenseRef-ospo-unknown');
    expect(evidence?.confidence).toBeLessThan(0.5);
  });

  it('gives null for a license file that states no license', async () => {
    expect((await detect('no-license.txt'))?.expression).toBeNull();
  });
});

describe('license-text: notices, READMEs and NOTICE files', () => {
  it.each([
    ['gpl-2.0-only-notice.c', 'source', 'GPL-2.0-only'],
    ['readme-rust-dual.md', 'readme', 'Apache-2.0 OR MIT'],
    ['readme-short-mit.md', 'readme', 'MIT'],
    ['readme-gpl-rst.rst', 'readme', 'GPL-3.0-or-later'],
  ] as const)('%s (%s) is %s', async (name, kind, expected) => {
    expect((await detect(name, kind))?.expression).toBe(expected);
  });

  it('reads a README only in its license section', async () => {
    const evidence = await detect('readme-rust-dual.md', 'readme');
    expect(evidence).toMatchObject({ source: 'readme', startLine: 5, endLine: 15 });
    expect(
      await licenseText.detect({ path: 'README.md', content: bytes('readme-no-license.md'), kind: 'readme' }),
    ).toEqual([]);
  });

  it('extracts copyright statements, not the license texts own', async () => {
    expect((await detect('mit.txt'))?.copyrights).toEqual(['Copyright (c) 2021 Jane Doe']);
    expect((await detect('gpl-2.0-text-and-or-later-notice.txt'))?.copyrights).toEqual([
      'Copyright (C) 2003 Example Authors',
    ]);
    expect((await detect('apache-2.0.txt'))?.copyrights).toEqual([]);
    const notice = await detect('notice-apache-style.txt', 'notice');
    expect(notice?.expression).toBeNull();
    expect(notice?.copyrights).toEqual([
      'Copyright 2015-2024 The Apache Software Foundation',
      'Copyright (c) 2012 Example Corp.',
    ]);
  });
});

describe('license-text: bad input', () => {
  it.each([
    ['binary.bin', 'ERR_OSPO_BINARY_FILE'],
    ['latin1.txt', 'ERR_OSPO_ENCODING'],
  ])('%s is refused with %s', async (name, code) => {
    const error = await detect(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OspoError);
    expect((error as OspoError).code).toBe(code);
  });

  it('refuses content over the size cap', async () => {
    const input = {
      path: 'LICENSE',
      content: bytes('apache-2.0.txt'),
      kind: 'license' as const,
      maxBytes: 1000,
    };
    const error = (await licenseText.detect(input).catch((e: unknown) => e)) as OspoError;
    expect(error.code).toBe('ERR_OSPO_FILE_TOO_LARGE');
  });

  it('never throws anything but a coded error on arbitrary or mutated input', async () => {
    const samples = [
      'mit.txt',
      'isc.txt',
      'readme-rust-dual.md',
      'dual-mit-apache.txt',
      'gpl-2.0-only-notice.c',
    ].map((name) => bytes(name).toString('utf8'));
    const kinds = fc.constantFrom<LicenseFileKind>('license', 'notice', 'readme', 'source');
    const content = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      mutatedText(samples),
      mutatedText(samples),
      fc.uint8Array({ maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(content, kinds, async (text, kind) => {
        try {
          const evidence = await licenseText.detect({ path: 'LICENSE', content: text, kind });
          for (const e of evidence) {
            expect(e.confidence).toBeGreaterThanOrEqual(0);
            expect(e.confidence).toBeLessThanOrEqual(1);
          }
        } catch (error) {
          if (!(error instanceof OspoError)) throw error;
          expect(error.code).toMatch(/^ERR_OSPO_/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('licenseFileKind', () => {
  it.each([
    ['LICENSE', 'license'],
    ['LICENSE.md', 'license'],
    ['LICENCE.txt', 'license'],
    ['LICENSE-MIT', 'license'],
    ['LICENSE.APACHE2', 'license'],
    ['COPYING.LESSER', 'license'],
    ['UNLICENSE', 'license'],
    ['LICENSES/MIT.txt', 'license'],
    ['NOTICE', 'notice'],
    ['sub/NOTICE.txt', 'notice'],
    ['README.md', 'readme'],
    ['docs/readme.rst', 'readme'],
    ['src/license.ts', null],
    ['license_test.go', null],
    ['fixtures/license-expression.METADATA', null],
    ['package.json', null],
  ])('%s is %s', (file, kind) => {
    expect(licenseFileKind(file)).toBe(kind);
  });
});
