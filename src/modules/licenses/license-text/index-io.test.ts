import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { licenseIndex } from './corpus.js';
import { restoreLicenseIndex, serializeLicenseIndex } from './index-io.js';
import { findLicenseTexts } from './match.js';
import { tokenize } from './normalize.js';

const fixtures = path.join(import.meta.dirname, '__fixtures__');

describe('saved license index', () => {
  const bytes = serializeLicenseIndex(licenseIndex());

  it('restores to an index that finds the same texts', () => {
    const restored = restoreLicenseIndex(Buffer.from(bytes));
    expect(restored?.texts.length).toBe(licenseIndex().texts.length);
    for (const name of ['mit-and-bsd-3-clause.txt', 'apache-2.0-patent-clause-replaced.txt', 'gpl-3.0.txt']) {
      const tokens = tokenize(fs.readFileSync(path.join(fixtures, name), 'utf8'));
      const summary = (index: NonNullable<typeof restored>) =>
        findLicenseTexts(tokens, index).map((m) => [m.text.id, m.exact, m.score, m.startLine, m.endLine]);
      expect(summary(restored ?? licenseIndex()), name).toEqual(summary(licenseIndex()));
    }
  });

  it.each([
    ['empty', new Uint8Array()],
    ['not an index', new TextEncoder().encode('MIT License\n')],
    ['truncated', bytes.subarray(0, 5000)],
    [
      'another fingerprint',
      Buffer.from(
        Buffer.from(bytes).toString('latin1').replace('"fingerprint":"1-', '"fingerprint":"0-'),
        'latin1',
      ),
    ],
  ])('refuses %s bytes', (_, input) => {
    expect(restoreLicenseIndex(input)).toBeNull();
  });
});
