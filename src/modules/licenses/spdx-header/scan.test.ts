import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutatedText } from '../../../../test/support/extractors.js';
import { OspoError } from '../../../core/errors.js';
import { parseSpdxExpression } from './expression.js';
import { spdxHeader } from './index.js';

const dir = path.join(import.meta.dirname, '__fixtures__');
const bytes = (name: string) => fs.readFileSync(path.join(dir, name));
const detect = (name: string) => spdxHeader.detect({ path: name, content: bytes(name), kind: 'source' });

describe('spdx-header', () => {
  it.each([
    ['block-comment.c', 'GPL-2.0-only', 1, 1],
    ['reuse-header.py', 'MIT OR Apache-2.0', 3, 1],
    ['with-exception.java', 'GPL-2.0-or-later WITH Classpath-exception-2.0', 1, 1],
    ['lowercase.js', 'MIT OR Apache-2.0', 1, 1],
    ['html-comment.html', 'CC-BY-4.0', 1, 1],
    ['license-ref.sh', 'LicenseRef-ACME-Proprietary', 1, 1],
    ['compound.c', '(GPL-2.0-only OR BSD-2-Clause) AND MIT', 2, 1],
    ['needs-correction.rs', 'Apache-2.0', 1, 0.7],
  ])('%s declares %s on line %i', async (name, expression, line, confidence) => {
    const [evidence, ...more] = await detect(name);
    expect(more).toEqual([]);
    expect(evidence).toMatchObject({ expression, source: 'spdx-header', startLine: line, confidence });
    expect(evidence?.matches).toEqual([
      { id: expression, kind: 'header', coverage: 1, startLine: line, endLine: line },
    ]);
  });

  it('keeps REUSE copyright tags as copyright statements', async () => {
    const [evidence] = await detect('reuse-header.py');
    expect(evidence?.copyrights).toEqual(['SPDX-FileCopyrightText: 2023 Jane Doe <jane@example.com>']);
  });

  it('reports an invalid expression as a warning with its line, not as a license', async () => {
    const [evidence] = await detect('invalid-slash.go');
    expect(evidence).toMatchObject({ expression: null, confidence: 0 });
    expect(evidence?.warnings).toEqual([
      expect.objectContaining({ code: 'ERR_OSPO_SPDX_EXPRESSION', line: 1 }),
    ]);
  });

  it.each(['tag-in-string.js', 'no-header.txt'])('finds no header in %s', async (name) => {
    expect(await detect(name)).toEqual([]);
  });

  it('refuses a binary file that carries the tag, and skips one that does not', async () => {
    const error = (await detect('binary-with-tag.bin').catch((e: unknown) => e)) as OspoError;
    expect(error.code).toBe('ERR_OSPO_BINARY_FILE');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expect(await spdxHeader.detect({ path: 'x.png', content: png, kind: 'source' })).toEqual([]);
  });

  it('never throws anything but a coded error on arbitrary or mutated input', async () => {
    const samples = fs
      .readdirSync(dir)
      .filter((n) => !n.endsWith('.bin'))
      .map((n) => bytes(n).toString('utf8'));
    const content = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }).map((s) => `// SPDX-License-Identifier: ${s}`),
      mutatedText(samples),
      fc
        .uint8Array({ maxLength: 200 })
        .map((b) => Buffer.concat([Buffer.from('SPDX-License-Identifier: '), b])),
    );
    await fc.assert(
      fc.asyncProperty(content, async (input) => {
        try {
          for (const e of await spdxHeader.detect({ path: 'f', content: input, kind: 'source' })) {
            if (e.expression !== null) expect(parseSpdxExpression(e.expression)).toMatchObject({ ok: true });
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

describe('parseSpdxExpression', () => {
  it.each([
    ['MIT', 'MIT'],
    ['mit', 'MIT'],
    ['apache-2.0 or mit', 'Apache-2.0 OR MIT'],
    ['GPL-2.0+', 'GPL-2.0+'],
    ['(MIT OR Apache-2.0) AND BSD-3-Clause', '(MIT OR Apache-2.0) AND BSD-3-Clause'],
    ['MIT OR (Apache-2.0 AND BSD-3-Clause)', 'MIT OR (Apache-2.0 AND BSD-3-Clause)'],
    ['((MIT))', 'MIT'],
    ['GPL-2.0-only WITH linux-syscall-note', 'GPL-2.0-only WITH Linux-syscall-note'],
    ['DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2', 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2'],
  ])('%s is %s', (raw, expected) => {
    expect(parseSpdxExpression(raw)).toMatchObject({ ok: true, expression: expected });
  });

  it.each(['', 'MIT OR', 'MIT AND AND BSD', '(MIT', 'MIT)', 'NotALicense', 'MIT WITH MIT', 'MIT/Apache-2.0'])(
    '"%s" is invalid',
    (raw) => {
      expect(parseSpdxExpression(raw).ok).toBe(false);
    },
  );
});
