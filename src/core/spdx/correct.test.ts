import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import {
  type CorrectionKind,
  correctExpression,
  describeCorrection,
  tryCorrectExpression,
} from './correct.js';
import { parseExpression, renderExpression } from './expression.js';
import { normalizeExpression } from './normalize.js';
import { expressionArb, writtenArb } from './test-arbitraries.js';

describe('correctExpression', () => {
  it.each<[string, string, string, CorrectionKind[]]>([
    ['a version without .0', 'Apache 2', 'Apache-2.0', ['name']],
    ['GNU shorthand with +', 'GPLv3+', 'GPL-3.0-or-later', ['name']],
    ['MIT/X11 is one license', 'MIT/X11', 'MIT', ['name']],
    ['a BSD of some kind', 'BSD*', 'BSD-3-Clause', ['guess']],
    ['"Dual" means a choice', 'Dual MIT/GPL', 'MIT OR GPL-1.0-or-later', ['syntax', 'guess']],
    [
      'dual with and',
      'Dual licensed under MIT and GPLv2',
      'MIT OR GPL-2.0-only',
      ['syntax', 'operator', 'name'],
    ],
    ['mixed-case operator and ids', 'mit And apache-2.0', 'MIT AND Apache-2.0', ['case', 'case', 'case']],
    ['an unclosed parenthesis', '(MIT OR ISC', 'MIT OR ISC', ['syntax']],
    ['a stray parenthesis', 'MIT)', 'MIT', ['syntax']],
    ['a dangling operator', 'MIT AND', 'MIT', ['syntax']],
    ['brackets', '[MIT]', 'MIT', ['syntax', 'syntax']],
    ['quotes', '"MIT"', 'MIT', ['syntax']],
    ['symbol operators', 'MIT && ISC || 0BSD', '(MIT AND ISC) OR 0BSD', ['operator', 'operator']],
    ['and/or', 'MIT and/or ISC', 'MIT OR ISC', ['operator']],
    ['slash between ids', 'MIT / Apache-2.0', 'MIT OR Apache-2.0', ['operator']],
    ['comma between ids', 'GPL-2.0-only, LGPL-2.1-only', 'GPL-2.0-only AND LGPL-2.1-only', ['operator']],
    ['comma inside a name', 'Apache License, Version 2.0', 'Apache-2.0', ['name']],
    ['"or later" spelled out', 'GPL v2 or later', 'GPL-2.0-or-later', ['name']],
    ['"or any later version"', 'LGPL-2.1 or any later version', 'LGPL-2.1-or-later', ['name']],
    ['a long name', 'GNU Lesser General Public License v2.1 or later', 'LGPL-2.1-or-later', ['name']],
    ['a list name spdx-correct gets wrong', 'Eclipse Public License 2.0', 'EPL-2.0', ['name']],
    ['a list name', 'MIT No Attribution', 'MIT-0', ['name']],
    ['npm UNLICENSED is not the Unlicense', 'UNLICENSED', 'LicenseRef-ospo-proprietary', ['name']],
    ['The Unlicense is', 'The Unlicense', 'Unlicense', ['name']],
    ['public domain', 'Public Domain', 'LicenseRef-ospo-public-domain', ['name']],
    ['npm SEE LICENSE IN', 'SEE LICENSE IN LICENSE.md', 'LicenseRef-ospo-unknown', ['name']],
    ['EUPL is not UPL', 'EUPL', 'EUPL-1.2', ['guess']],
    ['Perl terms', 'Perl', 'Artistic-1.0-Perl OR GPL-1.0-or-later', ['name']],
    ['a URL', 'https://opensource.org/licenses/MIT', 'MIT', ['name']],
    ['an Apache URL', 'http://www.apache.org/licenses/LICENSE-2.0.txt', 'Apache-2.0', ['name']],
    ['an unreadable URL', 'https://example.com/our-license', 'LicenseRef-ospo-unknown', ['name']],
    ['-style', 'MIT-style', 'MIT', ['guess']],
    [
      'an exception by name',
      'GPL-2.0 with classpath exception',
      'GPL-2.0-only WITH Classpath-exception-2.0',
      ['deprecated', 'guess'],
    ],
    ['a LicenseRef in the wrong case', 'licenseref-acme', 'LicenseRef-acme', ['case']],
    ['a deprecated id', 'GPL-2.0+', 'GPL-2.0-or-later', ['deprecated']],
    ['a space before +', 'MIT +', 'MIT+', ['syntax']],
    ['two groups side by side', 'MIT (ISC)', 'MIT AND ISC', ['operator']],
    [
      'a valid expression',
      'MIT OR (Apache-2.0 AND BSD-3-Clause)',
      'MIT OR (Apache-2.0 AND BSD-3-Clause)',
      [],
    ],
  ])('%s: %j -> %s', (_name, input, text, kinds) => {
    const result = correctExpression(input);
    expect(result.text).toBe(text);
    expect(result.corrections.map((c) => c.kind)).toEqual(kinds);
    expect(result.unrecognized).toEqual([]);
  });

  it('reports where each correction is', () => {
    const result = correctExpression('MIT OR Apache 2');
    expect(result.corrections).toEqual([{ kind: 'name', from: 'Apache 2', to: 'Apache-2.0', offset: 7 }]);
    expect(describeCorrection(result.corrections[0] as (typeof result.corrections)[number])).toBe(
      "corrected 'Apache 2' to 'Apache-2.0'",
    );
  });

  it.each<[string, string, number]>([
    ['Foo Bar', 'ERR_OSPO_SPDX_UNKNOWN_LICENSE', 0],
    ['MIT OR Frobnicate', 'ERR_OSPO_SPDX_UNKNOWN_LICENSE', 7],
    ['GPL-2.0-only WITH Nonsense-exception', 'ERR_OSPO_SPDX_UNKNOWN_EXCEPTION', 18],
    ['', 'ERR_OSPO_SPDX_EMPTY', 0],
    ['AND ()', 'ERR_OSPO_SPDX_EMPTY', 0],
    ['GNU Library General Public Licence 2 or so', 'ERR_OSPO_SPDX_UNKNOWN_LICENSE', 40],
  ])('throws a coded error for %j', (input, code, offset) => {
    const outcome = tryCorrectExpression(input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.details?.offset).toBe(offset);
  });

  it('marks what it cannot read instead, when asked', () => {
    const result = correctExpression('MIT OR Frobnicate', { unknown: 'mark' });
    expect(result.text).toBe('MIT OR LicenseRef-ospo-unknown');
    expect(result.unrecognized).toEqual(['Frobnicate']);
    expect(result.corrections).toEqual([
      { kind: 'unknown', from: 'Frobnicate', to: 'LicenseRef-ospo-unknown', offset: 7 },
    ]);
    const dropped = correctExpression('GPL-2.0-only WITH Nonsense', { unknown: 'mark' });
    expect(dropped.text).toBe('GPL-2.0-only');
    expect(dropped.unrecognized).toEqual(['Nonsense']);
  });

  it('refuses spdx-correct answers that contradict the text', () => {
    // spdx-correct reads these as GPL-3.0-or-later and EPL-1.0
    expect(
      tryCorrectExpression('Lesser GPL 2.1').ok && tryCorrectExpression('Lesser GPL 2.1'),
    ).not.toMatchObject({
      text: 'GPL-3.0-or-later',
    });
    expect(correctExpression('Eclipse Public License - v 2.0').text).toBe('EPL-2.0');
  });
});

describe('properties', () => {
  it('leaves a valid expression as the strict parser reads it, normalized', () => {
    fc.assert(
      fc.property(
        expressionArb.chain((expression) => writtenArb(expression)),
        (text) => {
          const result = correctExpression(text);
          expect(result.expression).toEqual(normalizeExpression(parseExpression(text)));
          const kinds = new Set(result.corrections.map((c) => c.kind));
          kinds.delete('case');
          kinds.delete('deprecated');
          expect([...kinds]).toEqual([]);
        },
      ),
    );
  });

  it('throws nothing but coded ParseErrors, and its output always parses strictly', () => {
    const words = fc.constantFrom(
      'MIT',
      'or',
      'AND',
      'With',
      '/',
      ',',
      '(',
      ')',
      ']',
      '&',
      '"',
      'GPL',
      'v2',
      'later',
      'Dual',
      '+',
      ' ',
      'Apache 2',
      'x',
    );
    const soup = fc.array(words, { maxLength: 10 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), soup),
        fc.constantFrom('throw', 'mark'),
        (text, unknown) => {
          try {
            const result = correctExpression(text, { unknown: unknown as 'throw' | 'mark' });
            expect(renderExpression(parseExpression(result.text))).toBe(result.text);
          } catch (error) {
            expect(error).toBeInstanceOf(ParseError);
            const code = (error as ParseError).code;
            if (unknown === 'mark') expect(code).toMatch(/^ERR_OSPO_SPDX_(EMPTY|TOO_COMPLEX)$/);
            else expect(code).toMatch(/^ERR_OSPO_SPDX_/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
